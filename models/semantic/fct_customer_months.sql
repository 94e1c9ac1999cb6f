-- One row per month and account that is an active customer at the month's start (the instant
-- period_start of int_kpi_periods, read from int_customer_snapshots), with what happened to it
-- during the month: still active at the month's measured end or churned; bought an upsell or a
-- cross-sell line item closed in the month (int_line_items_classified).
-- The semantic layer's monthly churn, upsell and cross-sell rates count these rows. A rate of
-- customers at a period's start cannot be summed over months: quarters and years are in the
-- kpi_ marts, not here.

{{ config(materialized='table', schema='semantic') }}

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

months as (
    select
        period_start as month_start,
        measured_end,
        is_complete_period
    from periods
    where period_grain = 'month'
),

month_purchases as (
    select
        months.month_start,
        line_items.account_id,
        max(case when line_items.sale_type = 'upsell' then 1 else 0 end) as has_upsell,
        max(case when line_items.sale_type = 'cross_sell' then 1 else 0 end) as has_cross_sell
    from months
    inner join line_items
        on
            months.month_start <= line_items.close_date
            and months.measured_end > line_items.close_date
    group by
        months.month_start,
        line_items.account_id
),

final as (
    select
        -- ids
        {{ dbt.concat(["at_start.account_id", "'|'", dbt.safe_cast("months.month_start", dbt.type_string())]) }}
            as customer_month_id,
        at_start.account_id,

        -- strings
        at_start.account_sales_region,

        -- numerics
        at_start.mrr_usd as mrr_at_start_usd,
        case when at_end.account_id is null then 1 else 0 end as churned_customers,
        case when at_end.account_id is null then at_start.mrr_usd else 0 end as churned_mrr_usd,
        coalesce(month_purchases.has_upsell, 0) as upsell_customers,
        coalesce(month_purchases.has_cross_sell, 0) as cross_sell_customers,

        -- booleans
        months.is_complete_period,

        -- dates
        months.month_start
    from months
    inner join customer_snapshots as at_start
        on months.month_start = at_start.snapshot_date
    left join customer_snapshots as at_end
        on
            at_start.account_id = at_end.account_id
            and months.measured_end = at_end.snapshot_date
    left join month_purchases
        on
            months.month_start = month_purchases.month_start
            and at_start.account_id = month_purchases.account_id
)

select * from final
