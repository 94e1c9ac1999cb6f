-- One row per account, product family A it came to hold and other family B it did not hold then,
-- for the semantic layer's cross-sell affinity: the cohort date and whether the account bought B
-- within 12 months. Selected as they are from int_family_cross_sell_cohorts (which holds the
-- rules); nothing is recomputed here.

with

cohorts as (
    select * from {{ ref('int_family_cross_sell_cohorts') }}
),

final as (
    select
        -- ids
        cohort_id,
        account_id,

        -- strings
        family_a,
        family_b,
        family_pair,
        account_region,

        -- numerics
        days_to_b,

        -- booleans
        is_b_bought,
        is_window_complete,

        -- dates
        cohort_date
    from cohorts
)

select * from final
