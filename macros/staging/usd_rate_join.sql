{#-
    Join condition from a row to the rate of its currency valid at a date, against
    ref('stg_salesforce__dated_conversion_rates') aliased `rates_alias`:

        left join {{ ref('stg_salesforce__dated_conversion_rates') }} as rates
            on {{ usd_rate_join('rates', 'orders.currency_code', 'orders.order_date') }}
-#}
{% macro usd_rate_join(rates_alias, currency_expr, date_expr) -%}
    {{ rates_alias }}.currency_code = {{ currency_expr }}
    and {{ rates_alias }}.valid_from_date <= cast({{ date_expr }} as date)
    and cast({{ date_expr }} as date) < {{ rates_alias }}.valid_to_date
{%- endmacro %}
