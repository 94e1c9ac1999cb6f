-- Cross-sell affinity cohorts (docs: kpi_cross_sell_affinity): one row per account, product
-- family A it came to hold and other product family B it did not hold then.
--   holding A : the account's first subscription of a product of family A (int_subscriptions_enriched);
--               the cohort date is the UTC date that subscription started.
--   not B     : the account held no subscription of family B at that instant (started at or
--               before it, not ended by then): a customer already holding B cannot come to buy it.
--   bought B  : a won line item of family B (int_line_items_classified) closed after the cohort
--               date and at most 12 months after it; a B bought on the cohort date itself is a
--               bundle with A (the same deal), not a later purchase.
-- The 12-month window is complete once its last day is on or before the as-of date.

with

subscriptions as (
    select * from {{ ref('int_subscriptions_enriched') }}
),

line_items as (
    select * from {{ ref('int_line_items_classified') }}
),

products as (
    select * from {{ ref('dim_products') }}
),

data_range as (
    select * from {{ ref('int_data_range') }}
),

family_pairs as (
    {{ product_family_pairs('products') }}
),

-- the first time each account held each family
family_starts as (
    select
        account_id,
        product_family as family_a,
        min(account_region) as account_region,
        min(started_at) as holding_started_at
    from subscriptions
    group by
        account_id,
        product_family
),

cohorts as (
    select
        family_starts.account_id,
        family_starts.account_region,
        family_pairs.family_a,
        family_pairs.family_b,
        family_starts.holding_started_at,
        cast(family_starts.holding_started_at as date) as cohort_date,
        cast({{ dbt.dateadd('month', 12, 'cast(family_starts.holding_started_at as date)') }} as date)
            as window_end_date
    from family_starts
    inner join family_pairs
        on family_starts.family_a = family_pairs.family_a
),

-- cohorts whose account held B at the instant it came to hold A
held_b as (
    select distinct
        cohorts.account_id,
        cohorts.family_a,
        cohorts.family_b
    from cohorts
    inner join subscriptions
        on
            cohorts.account_id = subscriptions.account_id
            and cohorts.family_b = subscriptions.product_family
            and cohorts.holding_started_at >= subscriptions.started_at
            and (subscriptions.ended_at is null or cohorts.holding_started_at < subscriptions.ended_at)
),

b_purchases as (
    select
        cohorts.account_id,
        cohorts.family_a,
        cohorts.family_b,
        min(line_items.close_date) as first_b_purchase_date
    from cohorts
    inner join line_items
        on
            cohorts.account_id = line_items.account_id
            and cohorts.family_b = line_items.product_family
            and cohorts.cohort_date < line_items.close_date
            and cohorts.window_end_date >= line_items.close_date
    group by
        cohorts.account_id,
        cohorts.family_a,
        cohorts.family_b
),

final as (
    select
        -- ids
        {{ dbt.concat(["cohorts.account_id", "'|'", "cohorts.family_a", "'|'", "cohorts.family_b"]) }}
            as cohort_id,
        cohorts.account_id,

        -- strings
        cohorts.family_a,
        cohorts.family_b,
        {{ dbt.concat(["cohorts.family_a", "' -> '", "cohorts.family_b"]) }} as family_pair,
        cohorts.account_region,

        -- booleans
        b_purchases.first_b_purchase_date is not null as is_b_bought,
        cohorts.window_end_date <= data_range.as_of_date as is_window_complete,

        -- dates
        cohorts.cohort_date,
        cohorts.window_end_date,
        b_purchases.first_b_purchase_date,

        -- numerics
        cast(
            {{ dbt.datediff('cohorts.cohort_date', 'b_purchases.first_b_purchase_date', 'day') }}
            as {{ dbt.type_bigint() }}
        ) as days_to_b
    from cohorts
    cross join data_range
    left join held_b
        on
            cohorts.account_id = held_b.account_id
            and cohorts.family_a = held_b.family_a
            and cohorts.family_b = held_b.family_b
    left join b_purchases
        on
            cohorts.account_id = b_purchases.account_id
            and cohorts.family_a = b_purchases.family_a
            and cohorts.family_b = b_purchases.family_b
    where
        held_b.account_id is null
        and cohorts.cohort_date <= data_range.as_of_date
)

select * from final
