-- The product counterpart of int_customer_intervals, for the product segment of the churn KPI
-- (its unit is account x product): one row per account x product and stretch of time the account
-- held the product, its subscriptions to it merged where they overlap or touch.

with

subscriptions as (
    select * from {{ ref('int_subscriptions_enriched') }}
),

final as (
    {{ merge_active_intervals('subscriptions', ['account_id', 'product_code', 'product_name']) }}
)

select * from final
