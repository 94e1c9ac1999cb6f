{{ config(
    materialized=incremental_materialization(),
    pre_hook="{{ delete_rolling_window('month_start', recently_changed_subscription_keys(this)) }}"
) }}
-- depends_on: {{ ref('int_data_range') }}
-- depends_on: {{ ref('stg_salesforce__accounts') }}
-- depends_on: {{ ref('stg_salesforce__products') }}
-- Recognized revenue per subscription and month (docs/kpis.md, kpi_revenue_growth): mrr_usd
-- (converted at the month start) x active days in the month / days in the month. The active
-- days are the dates D with date(started_at) <= D < date(ended_at); a subscription without an
-- end is active through the as-of date, and days after the as-of date count for nothing
-- (the month's measured_end). Only months with at least one active day have a row.

with

subscriptions as (
    select * from {{ ref('int_subscriptions_enriched') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

rates as (
    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}
),

months as (
    select
        period_start as month_start,
        measured_end,
        {{ dbt.datediff('period_start', 'period_end', 'day') }}
            as days_in_month
    from periods
    where period_grain = 'month'
),

subscription_days as (
    select
        subscription_id,
        account_id,
        product_code,
        product_family,
        account_region,
        mrr,
        currency_code,
        cast(started_at as date) as first_active_date,
        cast(ended_at as date) as end_date
    from subscriptions
),

subscription_months as (
    select
        subscription_days.subscription_id,
        subscription_days.account_id,
        subscription_days.product_code,
        subscription_days.product_family,
        subscription_days.account_region,
        subscription_days.mrr,
        subscription_days.currency_code,
        months.month_start,
        months.days_in_month,
        case
            when subscription_days.first_active_date > months.month_start
                then subscription_days.first_active_date
            else months.month_start
        end as active_from_date,
        case
            when
                subscription_days.end_date is not null
                and subscription_days.end_date < months.measured_end
                then subscription_days.end_date
            else months.measured_end
        end as active_until_date
    from subscription_days
    inner join months
        on
            subscription_days.first_active_date < months.measured_end
            and (
                subscription_days.end_date is null
                or subscription_days.end_date > months.month_start
            )
    {% if is_incremental() -%}
    -- a daily build: the months of the rolling window, and every month of a subscription whose
    -- account or product changed in it
        where {{ rolling_window_rows('months.month_start', recently_changed_subscription_keys('subscription_days')) }}
    {%- endif %}
),

converted as (
    select
        subscription_months.subscription_id,
        subscription_months.account_id,
        subscription_months.product_code,
        subscription_months.product_family,
        subscription_months.account_region,
        subscription_months.month_start,
        subscription_months.days_in_month,
        {{ dbt.datediff(
            'subscription_months.active_from_date',
            'subscription_months.active_until_date',
            'day'
        ) }} as active_days,
        subscription_months.mrr,
        subscription_months.currency_code,
        {{ to_usd('subscription_months.mrr', 'subscription_months.currency_code', 'month') }}
            as mrr_usd
    from subscription_months
    {{ usd_rate_joins('rates', 'subscription_months.currency_code', 'subscription_months.month_start', 'month') }}
),

final as (
    select
        subscription_id,
        account_id,
        product_code,
        product_family,
        account_region,
        month_start,
        days_in_month,
        active_days,
        mrr,
        currency_code,
        mrr_usd,
        mrr_usd * active_days / days_in_month as recognized_revenue_usd
    from converted
    where active_days > 0
)

select * from final
