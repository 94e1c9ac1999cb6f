{#-
    An amount in USD: USD amounts pass through unchanged, other currencies are divided by the rate
    (units of the currency per 1 USD); null when there is no (usable) rate.
-#}
{% macro to_usd(amount_expr, currency_expr, rate_expr) -%}
    case
        when {{ currency_expr }} = 'USD' then {{ amount_expr }}
        when {{ rate_expr }} > 0 then {{ amount_expr }} / {{ rate_expr }}
    end
{%- endmacro %}
