{#-
    Money in USD (docs/kpis.md "USD"). `dated_conversion_rate` holds, per currency and validity
    interval [valid_from_date, valid_to_date), the units of the currency per 1 unit of the org's
    corporate currency (var `corporate_currency`, 'USD' by default; the corporate currency's own
    rate is 1 whether or not the table lists it). An amount converts to USD at a date as

        amount_usd = amount * rate(USD) / rate(currency)

    so an org whose corporate currency is EUR still reports in USD. USD amounts pass through.

    Usage: join the two rates valid at the date, then convert.

        from orders
        {{ usd_rate_joins(ref('stg_salesforce__dated_conversion_rates'), 'orders.currency_code', 'orders.order_date', 'order') }}
        ...
        select {{ to_usd('orders.amount', 'orders.currency_code', 'order') }} as amount_usd
-#}

{#- The two left joins: the rate of the currency and the rate of USD valid at the date. -#}
{% macro usd_rate_joins(rates_relation, currency_expr, date_expr, prefix) -%}
    left join {{ rates_relation }} as {{ prefix }}_currency_rate
        on
            {{ prefix }}_currency_rate.currency_code = {{ currency_expr }}
            and {{ prefix }}_currency_rate.valid_from_date <= cast({{ date_expr }} as date)
            and cast({{ date_expr }} as date) < {{ prefix }}_currency_rate.valid_to_date
    left join {{ rates_relation }} as {{ prefix }}_usd_rate
        on
            {{ prefix }}_usd_rate.currency_code = 'USD'
            and {{ prefix }}_usd_rate.valid_from_date <= cast({{ date_expr }} as date)
            and cast({{ date_expr }} as date) < {{ prefix }}_usd_rate.valid_to_date
{%- endmacro %}

{#- USD per 1 unit of the currency at the joined date; null when a rate is missing. -#}
{% macro usd_per_unit(currency_expr, prefix) -%}
    {%- set corporate = var('corporate_currency') | upper -%}
    (
        case when 'USD' = '{{ corporate }}' then 1.0 else {{ prefix }}_usd_rate.conversion_rate end
        / nullif(
            case
                when {{ currency_expr }} = '{{ corporate }}' then 1.0
                else {{ prefix }}_currency_rate.conversion_rate
            end,
            0
        )
    )
{%- endmacro %}

{#- The amount in USD; null when the currency has no usable rate at the date. -#}
{% macro to_usd(amount_expr, currency_expr, prefix) -%}
    case
        when {{ currency_expr }} = 'USD' then {{ amount_expr }}
        else {{ amount_expr }} * {{ usd_per_unit(currency_expr, prefix) }}
    end
{%- endmacro %}

{#- True when amounts in the currency convert at the joined date (USD, or both rates known). -#}
{% macro has_usd_rate(currency_expr, prefix) -%}
    coalesce({{ currency_expr }} = 'USD' or {{ usd_per_unit(currency_expr, prefix) }} > 0, false)
{%- endmacro %}
