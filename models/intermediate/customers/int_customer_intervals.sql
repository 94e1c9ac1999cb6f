-- One row per account and stretch of time it was an active customer: its subscriptions
-- (int_subscriptions_enriched) merged where they overlap or touch (docs/kpis.md, churn: active at
-- t when a subscription has started_at <= t < coalesce(ended_at, infinity)). active_until is null
-- while the account is still a customer. Built from subscription start and end events, so the
-- churn and up-sell models read each period's two instants with interval joins.

with

subscriptions as (
    select * from {{ ref('int_subscriptions_enriched') }}
),

final as (
    {{ merge_active_intervals('subscriptions', ['account_id', 'account_region']) }}
)

select * from final
