{{ config(
    materialized=incremental_materialization(),
    pre_hook="{{ delete_rolling_window('month_start', recently_changed_subscription_keys(this)) }}"
) }}
-- depends_on: {{ ref('int_data_range') }}
-- depends_on: {{ ref('stg_salesforce__accounts') }}
-- depends_on: {{ ref('stg_salesforce__products') }}
-- One row per subscription and month with at least one active day: the month's recognized
-- revenue in USD (int_subscription_revenue_months holds the rule), for revenue and its growth in
-- the semantic layer. Incremental over the same rows as int_subscription_revenue_months.


with

revenue_months as (
    select * from {{ ref('int_subscription_revenue_months') }} as revenue_months
    {% if is_incremental() -%}
        where {{ rolling_window_rows('month_start', recently_changed_subscription_keys('revenue_months')) }}
    {%- endif %}
),

final as (
    select
        -- ids
        {{ dbt.concat(["subscription_id", "'|'", dbt.safe_cast("month_start", dbt.type_string())]) }}
            as subscription_month_id,
        subscription_id,
        account_id,

        -- strings
        product_code,
        product_family,
        account_region,

        -- numerics
        mrr_usd,
        recognized_revenue_usd,

        -- dates
        month_start
    from revenue_months
)

select * from final
