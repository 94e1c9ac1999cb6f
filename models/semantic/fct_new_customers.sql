-- One row per account that became a customer, dated by the close of its first won opportunity
-- and attributed to that opportunity's owner (int_new_customers holds the rule), for the
-- semantic layer's new-customer count and CAC.


with

new_customers as (
    select * from {{ ref('int_new_customers') }}
),

final as (
    select
        -- ids
        account_id,
        first_won_opportunity_id,
        sales_rep_id,

        -- strings
        sales_team,
        sales_region,
        account_region,

        -- numerics
        first_won_amount_usd,

        -- dates
        acquired_date
    from new_customers
)

select * from final
