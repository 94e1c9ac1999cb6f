{#-
    True when the raw value is present (non-empty text once trimmed) but its parse gave null:
    the staging layer flags such rows as data-quality warnings.

        {{ is_unparseable('created_date', parse_timestamp('created_date')) }} as has_bad_created_date

    `raw_expr` is the raw column (any type), `parsed_expr` the parsed SQL expression (or the
    name of a column holding it). False when the raw value is null or blank.
-#}
{% macro is_unparseable(raw_expr, parsed_expr) -%}
    ({{ sales_effectiveness.raw_text(raw_expr) }} is not null and ({{ parsed_expr }}) is null)
{%- endmacro %}
