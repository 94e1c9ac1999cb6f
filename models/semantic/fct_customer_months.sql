-- One row per month and account that is an active customer at the month's start, with what
-- happened to it during the month: churned (no longer active at the month's measured end) and
-- upsold / cross-sold (bought an upsell / a cross-sell line item closed in the month). The rules
-- live in int_customer_periods: this fact selects its month rows of customers at start.
-- The semantic layer's monthly churn, upsell and cross-sell rates count these rows. A rate of
-- customers at a period's start cannot be summed over months: quarters and years are in the
-- kpi_ marts, not here.


with

customer_periods as (
    select * from {{ ref('int_customer_periods') }}
),

final as (
    select
        -- ids
        {{ dbt.concat(["account_id", "'|'", dbt.safe_cast("period_start", dbt.type_string())]) }}
            as customer_month_id,
        account_id,

        -- strings
        account_region,

        -- numerics
        mrr_at_start_usd,
        case when is_churned then 1 else 0 end as churned_customers,
        case when is_churned then mrr_at_start_usd else 0 end as churned_mrr_usd,
        case when has_upsell then 1 else 0 end as upsell_customers,
        case when has_cross_sell then 1 else 0 end as cross_sell_customers,

        -- booleans
        is_complete_period,

        -- dates
        period_start as month_start
    from customer_periods
    where
        period_grain = 'month'
        and is_active_at_start
)

select * from final
