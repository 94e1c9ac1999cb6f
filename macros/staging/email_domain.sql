{#- The domain (text after the '@') of the normalized email; null when the email is invalid. -#}
{% macro email_domain(column_expr) -%}
    {{ dbt.split_part(normalize_email(column_expr), "'@'", 2) }}
{%- endmacro %}
