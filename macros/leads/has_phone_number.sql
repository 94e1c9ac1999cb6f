{#-
    True when a text contains something that looks like a phone number: an optional '+' or
    '(', then at least 9 digits, consecutive digits separated by at most two of space, dot,
    dash or parenthesis, e.g. '+1 415 555 0134', '(415) 555-0134', '+44 20 7946 0958',
    '030 1234 5678'. Dates ('2025-01-15': 8 digits) and short numbers do not match. Regular expressions differ between
    warehouses, so each supplies its own implementation of the same pattern.
-#}
{% macro has_phone_number(text_expr) -%}
    {{ return(adapter.dispatch('has_phone_number', 'sales_effectiveness')(text_expr)) }}
{%- endmacro %}

{%- macro phone_number_pattern() -%}
    [+(]?[0-9]([ ().-]{0,2}[0-9]){8,}
{%- endmacro -%}

{% macro default__has_phone_number(text_expr) -%}
    ({{ text_expr }} ~ '{{ phone_number_pattern() }}')
{%- endmacro %}

{% macro duckdb__has_phone_number(text_expr) -%}
    regexp_matches({{ text_expr }}, '{{ phone_number_pattern() }}')
{%- endmacro %}

{% macro snowflake__has_phone_number(text_expr) -%}
    regexp_like({{ text_expr }}, '.*{{ phone_number_pattern() }}.*', 's')
{%- endmacro %}

{% macro bigquery__has_phone_number(text_expr) -%}
    regexp_contains({{ text_expr }}, r'{{ phone_number_pattern() }}')
{%- endmacro %}

{% macro spark__has_phone_number(text_expr) -%}
    ({{ text_expr }} rlike '{{ phone_number_pattern() }}')
{%- endmacro %}
