-- One row per reporting period (every grain of int_kpi_periods) and account that is an active
-- customer at the period's start (the instant period_start) or at its end (measured_end), read
-- from int_customer_snapshots (docs/kpis.md, kpi_customer_churn_rate and kpi_upsell_cross_sell_rate):
-- - customers at start: is_active_at_start; one who starts inside the period is not among them;
-- - churned: active at the start and not at the end; one who leaves and comes back inside the
--   period is active at the end, so not churned;
-- - upsold / cross-sold: a customer at start that bought an upsell / a cross-sell line item
--   closed in the period (int_line_items_classified); purchases of the accounts that were not
--   customers at the start do not count.

with

customer_snapshots as (
    select * from {{ ref('int_customer_snapshots') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

line_items as (
    select * from {{ ref('int_line_items_classified') }}
),

account_periods as (
    {{ snapshot_period_boundaries('periods', 'customer_snapshots', ['account_id', 'account_region']) }}
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
        account_periods.period_grain,
        account_periods.period_start,
        account_periods.is_complete_period,

        -- ids
        account_periods.account_id,

        -- strings
        account_periods.account_region,

        -- numerics
        account_periods.mrr_at_start_usd,

        -- booleans
        account_periods.is_active_at_start,
        account_periods.is_active_at_end,
        account_periods.is_churned,
        account_periods.is_active_at_start and coalesce(period_purchases.bought_upsell, false) as has_upsell,
        account_periods.is_active_at_start and coalesce(period_purchases.bought_cross_sell, false)
            as has_cross_sell
    from account_periods
    left join period_purchases
        on
            account_periods.period_grain = period_purchases.period_grain
            and account_periods.period_start = period_purchases.period_start
            and account_periods.account_id = period_purchases.account_id
)

select * from final
