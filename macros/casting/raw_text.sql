{#-
    The value of `expr` (any type) as trimmed text; an empty (or blank) string gives null.
    The building block of every parse_* macro: whatever type the loader gave a raw column
    (typed, all-varchar, CSV seed), it is read as text once and parsed from there.

        {{ raw_text('lead_source') }} as lead_source

    Trims spaces (not tabs or line breaks). Typed values are rendered the warehouse's way
    (a timestamp as 'YYYY-MM-DD HH:MM:SS[.ffffff]', a boolean as 'true' / 'false').
-#}
{% macro raw_text(expr) -%}
    {{ return(adapter.dispatch('raw_text', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{% macro default__raw_text(expr) -%}
    nullif(trim(cast({{ expr }} as {{ dbt.type_string() }})), '')
{%- endmacro %}

{% macro duckdb__raw_text(expr) -%}
    nullif(trim(cast({{ expr }} as varchar)), '')
{%- endmacro %}

{% macro spark__raw_text(expr) -%}
    nullif(trim(cast({{ expr }} as string)), '')
{%- endmacro %}
