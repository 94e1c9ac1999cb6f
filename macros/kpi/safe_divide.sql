{#-
    numerator / denominator as a double; null when the denominator is 0 or null (docs/kpis.md: a rate
    whose denominator is 0 is null). The numerator is cast first so that an integer division
    never truncates (Postgres divides integers as integers).
-#}
{% macro safe_divide(numerator, denominator) -%}
    cast({{ numerator }} as {{ type_double() }}) / nullif({{ denominator }}, 0)
{%- endmacro %}
