-- The KPI registry, published for BI tools, the dashboard and `salesfx summary`: one row per
-- kpi_ mart x measure column, rendered at compile time from the marts' YAML (column meta
-- `config: meta: kpi:`, mart meta `config: meta: kpi_mart:`; macro kpi_measure_registry). No data
-- is read: a YAML change shows here at the next build. Each row's literals are cast to their
-- type (PostgreSQL types a union of nulls as text).

{%- set measures = kpi_measure_registry(config.get('meta')['kpi_formats']) if execute else [] %}

with

measures as (
    {%- for row in measures %}
    select
        {{ sql_literal(row.mart) }} as mart,
        {{ sql_literal(row.mart_title) }} as mart_title,
        cast({{ sql_literal(row.mart_order) }} as integer) as mart_order,
        {{ sql_literal(row.mart_description) }} as mart_description,
        {{ sql_literal(row.column_name) }} as column_name,
        cast({{ sql_literal(row.column_position) }} as integer) as column_position,
        {{ sql_literal(row.label) }} as label,
        {{ sql_literal(row.value_format) }} as value_format,
        cast({{ sql_literal(row.higher_is_better) }} as {{ dbt.type_boolean() }}) as higher_is_better,
        cast({{ sql_literal(row.is_headline) }} as {{ dbt.type_boolean() }}) as is_headline,
        cast({{ sql_literal(row.range_min) }} as {{ type_double() }}) as range_min,
        cast({{ sql_literal(row.range_max) }} as {{ type_double() }}) as range_max,
        {{ sql_literal(row.matures_with) }} as matures_with,
        {{ sql_literal(row.description) }} as description
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
        null as mart,
        null as mart_title,
        null as mart_order,
        null as mart_description,
        null as column_name,
        null as column_position,
        null as label,
        null as value_format,
        null as higher_is_better,
        null as is_headline,
        null as range_min,
        null as range_max,
        null as matures_with,
        null as description
    where 1 = 0
    {%- endfor %}
),

final as (
    select
        cast(mart as {{ dbt.type_string() }}) as mart,
        cast(mart_title as {{ dbt.type_string() }}) as mart_title,
        cast(mart_order as integer) as mart_order,
        cast(mart_description as {{ dbt.type_string() }}) as mart_description,
        cast(column_name as {{ dbt.type_string() }}) as column_name,
        cast(column_position as integer) as column_position,
        cast(label as {{ dbt.type_string() }}) as label,
        cast(value_format as {{ dbt.type_string() }}) as value_format,
        cast(higher_is_better as {{ dbt.type_boolean() }}) as higher_is_better,
        cast(is_headline as {{ dbt.type_boolean() }}) as is_headline,
        cast(range_min as {{ type_double() }}) as range_min,
        cast(range_max as {{ type_double() }}) as range_max,
        cast(matures_with as {{ dbt.type_string() }}) as matures_with,
        cast(description as {{ dbt.type_string() }}) as description
    from measures
)

select * from final
