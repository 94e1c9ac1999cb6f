{#-
    A Python/Jinja value as a SQL literal: none -> null, true/false, numbers as they are, strings
    quoted with their quotes escaped (doubled by default; backslash-escaped on Spark).
-#}
{% macro sql_literal(value) -%}
    {{ return(adapter.dispatch('sql_literal', 'sales_effectiveness')(value)) }}
{%- endmacro %}

{% macro default__sql_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true or value is sameas false -%}
        {{ 'true' if value else 'false' }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        '{{ value | string | replace("'", "''") }}'
    {%- endif -%}
{%- endmacro %}

{% macro spark__sql_literal(value) -%}
    {%- if value is string -%}
        '{{ value | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- else -%}
        {{ default__sql_literal(value) }}
    {%- endif -%}
{%- endmacro %}
