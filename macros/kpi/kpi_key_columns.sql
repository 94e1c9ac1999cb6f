{#-
    The six uniform KPI key columns (docs/kpis.md "The uniform KPI mart shape"), in their order:

        period_grain, period_start, is_complete_period, segment_type, segment_value, segment_label

    By default each is cast to its contract type (string, date, boolean), for the final select of
    every kpi_ mart; relation_alias qualifies the columns (`segment_keys.period_grain`).
    With cast=false the plain (qualified) column names, for a select list or a group by:

        select
            {{ kpi_key_columns(cast=false) }},
            count(opportunity_id) as opportunities
        from period_rows
        group by {{ kpi_key_columns(cast=false) }}
-#}
{% macro kpi_key_columns(relation_alias=none, cast=true) -%}
    {%- set prefix = relation_alias ~ '.' if relation_alias else '' -%}
    {%- set key_columns = [
        ('period_grain', dbt.type_string()),
        ('period_start', 'date'),
        ('is_complete_period', dbt.type_boolean()),
        ('segment_type', dbt.type_string()),
        ('segment_value', dbt.type_string()),
        ('segment_label', dbt.type_string()),
    ] -%}
    {%- set rendered = [] -%}
    {%- for column_name, data_type in key_columns -%}
        {%- if cast -%}
            {%- do rendered.append('cast(' ~ prefix ~ column_name ~ ' as ' ~ data_type ~ ') as ' ~ column_name) -%}
        {%- else -%}
            {%- do rendered.append(prefix ~ column_name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ rendered | join(',\n        ') }}
{%- endmacro %}
