-- The product counterpart of int_customer_periods, for the product segment of the churn KPI,
-- whose unit is account x product (docs/kpis.md, kpi_customer_churn_rate): one row per reporting
-- period (every grain of int_kpi_periods) and account x product active at the period's start
-- or at its end (int_customer_product_snapshots). Churned: held at the start and not at the end,
-- so an account that drops one of its products churns from that product only.

with

product_snapshots as (
    select * from {{ ref('int_customer_product_snapshots') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

product_periods as (
    {{ snapshot_period_boundaries('periods', 'product_snapshots', ['account_id', 'product_code', 'product_name']) }}
),

final as (
    select
        -- period
        period_grain,
        period_start,
        is_complete_period,

        -- ids
        account_id,
        product_code,

        -- strings
        product_name,

        -- numerics
        mrr_at_start_usd,

        -- booleans
        is_active_at_start,
        is_active_at_end,
        is_churned
    from product_periods
)

select * from final
