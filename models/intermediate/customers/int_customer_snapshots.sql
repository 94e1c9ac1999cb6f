-- Customer activity over time, per account: one row per snapshot instant (every period_start
-- and measured_end of int_kpi_periods, 00:00 UTC) and account that is an active customer then,
-- i.e. holds at least one active subscription (int_customer_product_snapshots).

with

product_snapshots as (
    select * from {{ ref('int_customer_product_snapshots') }}
),

final as (
    select
        snapshot_date,
        account_id,
        account_region,
        count(*) as active_products,
        sum(active_subscriptions) as active_subscriptions,
        {{ exact_sum('mrr_usd') }} as mrr_usd
    from product_snapshots
    group by
        snapshot_date,
        account_id,
        account_region
)

select * from final
