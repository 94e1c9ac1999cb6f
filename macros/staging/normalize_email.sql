{#- Trimmed, lower-case email; null when the value has no '@' between a local part and a domain. -#}
{% macro normalize_email(column_expr) -%}
    case
        when lower(trim({{ column_expr }})) like '%_@_%'
            then lower(trim({{ column_expr }}))
    end
{%- endmacro %}
