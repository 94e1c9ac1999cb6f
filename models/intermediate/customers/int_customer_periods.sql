-- One row per reporting period (every grain of int_kpi_periods) and account that is an active
-- customer at the period's start (the instant period_start) or at its end (measured_end), read
-- from its active intervals, int_customer_intervals (docs/kpis.md, kpi_customer_churn_rate and
-- kpi_upsell_cross_sell_rate):
-- - customers at start: is_active_at_start; one who starts inside the period is not among them;
-- - churned: active at the start and not at the end; one who leaves and comes back inside the
--   period is active at the end, so not churned;
-- - upsold / cross-sold: a customer at start that bought an upsell / a cross-sell line item
--   closed in the period (int_line_items_classified); purchases of the accounts that were not
--   customers at the start do not count.

with

customer_intervals as (
    select * from {{ ref('int_customer_intervals') }}
),

subscriptions as (
    select * from {{ ref('int_subscriptions_enriched') }}
),

rates as (
    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

line_items as (
    select * from {{ ref('int_line_items_classified') }}
),

account_activity as (
    {{ period_boundary_activity('periods', 'customer_intervals', ['account_id', 'account_region']) }}
),

start_mrr as (
    {{ mrr_at_period_start('periods', 'subscriptions', 'rates', ['account_id']) }}
),

period_purchases as (
    select
        periods.period_grain,
        periods.period_start,
        line_items.account_id,
        max(case when line_items.sale_type = 'upsell' then 1 else 0 end) = 1 as bought_upsell,
        max(case when line_items.sale_type = 'cross_sell' then 1 else 0 end) = 1 as bought_cross_sell
    from periods
    inner join line_items
        on
            periods.period_start <= line_items.close_date
            and periods.measured_end > line_items.close_date
    group by
        periods.period_grain,
        periods.period_start,
        line_items.account_id
),

final as (
    select
        -- period
        account_activity.period_grain,
        account_activity.period_start,
        account_activity.is_complete_period,

        -- ids
        account_activity.account_id,

        -- strings
        account_activity.account_region,

        -- numerics
        start_mrr.mrr_at_start_usd,

        -- booleans
        account_activity.is_active_at_start,
        account_activity.is_active_at_end,
        account_activity.is_churned,
        account_activity.is_active_at_start and coalesce(period_purchases.bought_upsell, false) as has_upsell,
        account_activity.is_active_at_start and coalesce(period_purchases.bought_cross_sell, false)
            as has_cross_sell
    from account_activity
    left join start_mrr
        on
            account_activity.period_grain = start_mrr.period_grain
            and account_activity.period_start = start_mrr.period_start
            and account_activity.account_id = start_mrr.account_id
            and account_activity.is_active_at_start
    left join period_purchases
        on
            account_activity.period_grain = period_purchases.period_grain
            and account_activity.period_start = period_purchases.period_start
            and account_activity.account_id = period_purchases.account_id
)

select * from final
