{#-
    Fails once per column that holds a null among the columns the model's YAML declares
    `constraints: [{type: not_null}]` (or the `columns` given): one row per such column, with its
    null rows. One scan of the model checks all of them, where a `not_null` test per column
    would be one query (and one dbt node) each.

    Where the model has an enforced contract, DuckDB and PostgreSQL also refuse a null when the
    table is built; this test holds the rule on every engine (Spark does not enforce it) and on
    models without a contract.
-#}
{% test not_null_constraints(model, columns=none) %}

{%- set names = columns if columns is not none else sales_effectiveness.not_null_constrained_columns(model) %}
{%- if execute and not names -%}
    {{ exceptions.raise_compiler_error(
        "not_null_constraints on " ~ model ~ ": no column declares `constraints: [{type: not_null}]`"
        ~ " in the YAML and no `columns` argument is given") }}
{%- endif %}

with

null_counts as (
    select
        {%- for name in names %}
        sum(case when {{ name }} is null then 1 else 0 end) as nulls_{{ loop.index }}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ model }}
),

per_column as (
    {%- for name in names %}
    select
        '{{ name }}' as column_name,
        nulls_{{ loop.index }} as null_rows
    from null_counts
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select *
from per_column
where null_rows > 0

{% endtest %}

