{#-
    Nothing is lost silently: the raw table's rows = the staging model's rows + the rows of that
    table excluded in the data-quality model (dq_raw_row_issues, action 'excluded').
    Fails (one row, with the three counts) when they differ.
    The raw table is read where the sources are (macro raw_relation: a table, or Parquet files);
    raw_relation / issues_relation override it and the data-quality model (fixtures).
-#}
{% test reconciles_with_raw(model, source_name, table_name, raw_relation=none, issues_relation=none) %}
{#- nothing lost is an invariant of the project, never a warning about the customer's data -#}
{{ config(severity='error') }}

{%- set raw = raw_relation if raw_relation is not none else sales_effectiveness.raw_relation(source_name, table_name) %}
{%- set issues = issues_relation if issues_relation is not none else ref('dq_raw_row_issues') %}

with

raw_rows as (

    select count(*) as row_count
    from {{ raw }}

),

staged_rows as (

    select count(*) as row_count
    from {{ model }}

),

excluded_rows as (

    select count(*) as row_count
    from {{ issues }}
    where
        source_name = '{{ source_name }}'
        and table_name = '{{ table_name }}'
        and action = 'excluded'

)

select
    raw_rows.row_count as raw_row_count,
    staged_rows.row_count as staged_row_count,
    excluded_rows.row_count as excluded_row_count
from raw_rows
cross join staged_rows
cross join excluded_rows
where raw_rows.row_count <> staged_rows.row_count + excluded_rows.row_count

{% endtest %}
