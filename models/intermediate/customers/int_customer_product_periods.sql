-- The product counterpart of int_customer_periods, for the product segment of the churn KPI,
-- whose unit is account x product (docs/kpis.md, kpi_customer_churn_rate): one row per reporting
-- period (every grain of int_kpi_periods) and account x product active at the period's start
-- or at its end (its active intervals, int_customer_product_intervals). Churned: held at the start and not at the end,
-- so an account that drops one of its products churns from that product only.

with

product_intervals as (
    select * from {{ ref('int_customer_product_intervals') }}
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

product_activity as (
    {{ period_boundary_activity('periods', 'product_intervals', ['account_id', 'product_code', 'product_name']) }}
),

start_mrr as (
    {{ mrr_at_period_start('periods', 'subscriptions', 'rates', ['account_id', 'product_code']) }}
),

final as (
    select
        -- period
        product_activity.period_grain,
        product_activity.period_start,
        product_activity.is_complete_period,

        -- ids
        product_activity.account_id,
        product_activity.product_code,

        -- strings
        product_activity.product_name,

        -- numerics
        start_mrr.mrr_at_start_usd,

        -- booleans
        product_activity.is_active_at_start,
        product_activity.is_active_at_end,
        product_activity.is_churned
    from product_activity
    left join start_mrr
        on
            product_activity.period_grain = start_mrr.period_grain
            and product_activity.period_start = start_mrr.period_start
            and product_activity.account_id = start_mrr.account_id
            and product_activity.product_code = start_mrr.product_code
            and product_activity.is_active_at_start
)

select * from final
