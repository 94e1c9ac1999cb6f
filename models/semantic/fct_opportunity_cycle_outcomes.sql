-- One row per closed opportunity with a sales cycle, for the semantic layer's optimal cycle
-- length: its cycle-length bucket, its outcome and the 6- and 12-month retention of the customer
-- it won. Selected as they are from int_opportunity_cycle_outcomes (which holds the rules);
-- nothing is recomputed here.

with

cycle_outcomes as (
    select * from {{ ref('int_opportunity_cycle_outcomes') }}
),

final as (
    select
        -- ids
        opportunity_id,
        account_id,
        sales_rep_id,

        -- strings
        cycle_length_bucket,

        -- numerics
        bucket_order,
        cycle_days,
        amount_usd,

        -- booleans
        is_won,
        is_new_customer,
        is_retention_6m_due,
        is_retained_6m,
        is_retention_12m_due,
        is_retained_12m,

        -- dates
        close_date
    from cycle_outcomes
)

select * from final
