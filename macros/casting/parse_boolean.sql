{#-
    A boolean from `expr` of any type; never raises, null when the value cannot be read.

        {{ parse_boolean('is_deleted') }} as is_deleted

    Typed booleans are returned unchanged; text 'true', 't', '1', 'yes', 'y' is true and
    'false', 'f', '0', 'no', 'n' false (trimmed, any case); numbers (and numeric text such as
    '1.0') equal to 1 are true and to 0 false. Anything else ('maybe', '2', '') is null.
-#}
{% macro parse_boolean(expr) -%}
    {{ return(adapter.dispatch('parse_boolean', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{% macro default__parse_boolean(expr) -%}
    {%- set text = sales_effectiveness.raw_text(expr) -%}
    case
        when lower({{ text }}) in {{ sales_effectiveness.casting_true_values() }} then true
        when lower({{ text }}) in {{ sales_effectiveness.casting_false_values() }} then false
        when {{ sales_effectiveness.parse_number(expr) }} = 1 then true
        when {{ sales_effectiveness.parse_number(expr) }} = 0 then false
    end
{%- endmacro %}
