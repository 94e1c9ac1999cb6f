{#-
    Model-level, on a kpi_ mart: fails once per KPI measure column holding values outside the
    measure's range in the KPI registry (macro kpi_measure_registry: the column's meta
    `kpi.range`, else its format's default range, e.g. rates in [0, 1], counts >= 0; bounds
    included). One row per such column: column_name, range_min, range_max, out_of_range_rows.
    Nulls pass. One scan of the mart checks every measure, where an accepted_range test per
    measure would be one query (and one dbt node) each, and the bounds are the registry's own,
    the ones dim_kpi_measures, the dashboard and the Great Expectations suites read. `mart`
    names the registry entry to read when the tested relation is not the mart itself (a copy, a
    test fixture).
-#}
{% test kpi_measures_in_range(model, mart=none) %}

{%- set node = sales_effectiveness.relation_node(model) %}
{%- set mart_name = mart or (node.name if node is not none else model.identifier) %}
{%- set measures = sales_effectiveness.kpi_mart_measures(mart_name) %}
{%- if execute and not measures -%}
    {{ exceptions.raise_compiler_error(
        "kpi_measures_in_range on " ~ model ~ ": the KPI registry has no measure for mart '"
        ~ mart_name ~ "' (a kpi_ mart under models/marts/ with `config: meta: kpi:` columns)") }}
{%- endif %}
{%- set ranges = [] %}
{%- for row in measures if row.range_min is not none or row.range_max is not none %}
    {%- do ranges.append(row) %}
{%- endfor %}

{%- if ranges %}

with

out_of_range_counts as (
    select
        {%- for row in ranges %}
        sum(
            case
                when
                    1 = 0
                    {%- if row.range_min is not none %}
                    or {{ row.column_name }} < {{ row.range_min }}
                    {%- endif %}
                    {%- if row.range_max is not none %}
                    or {{ row.column_name }} > {{ row.range_max }}
                    {%- endif %}
                    then 1
                else 0
            end
        ) as out_of_range_{{ loop.index }}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ model }}
),

per_measure as (
    {%- for row in ranges %}
    select
        '{{ row.column_name }}' as column_name,
        cast({{ 'null' if row.range_min is none else row.range_min }} as {{ sales_effectiveness.type_double() }}) as range_min,
        cast({{ 'null' if row.range_max is none else row.range_max }} as {{ sales_effectiveness.type_double() }}) as range_max,
        out_of_range_{{ loop.index }} as out_of_range_rows
    from out_of_range_counts
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select *
from per_measure
where out_of_range_rows > 0

{%- else %}

-- no measure of this mart has a bounded range: nothing can fail
select 1 as out_of_range_rows
from {{ model }}
where 1 = 0

{%- endif %}

{% endtest %}
