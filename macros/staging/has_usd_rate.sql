{#- True when an amount in the currency can be converted: USD, or a usable rate was found. -#}
{% macro has_usd_rate(currency_expr, rate_expr) -%}
    coalesce({{ currency_expr }} = 'USD' or {{ rate_expr }} > 0, false)
{%- endmacro %}
