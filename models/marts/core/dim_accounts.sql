-- One row per account with its geography (country normalized to ISO alpha-2, sales region from
-- the countries seed, 'Unknown' without a country), its owner, and its customer life: the first
-- won opportunity (acquisition) and whether it is an active customer at the end of the data
-- (holds a subscription active at 00:00 UTC the day after the as-of date).

with

accounts as (
    select * from {{ ref('stg_salesforce__accounts') }}
),

countries as (
    select * from {{ ref('countries') }}
),

new_customers as (
    select * from {{ ref('int_new_customers') }}
),

subscriptions as (
    select * from {{ ref('int_subscriptions_enriched') }}
),

data_range as (
    select * from {{ ref('int_data_range') }}
),

current_subscriptions as (
    select
        subscriptions.account_id,
        count(*) as active_subscriptions
    from subscriptions
    cross join data_range
    where
        subscriptions.started_at
        <= cast({{ dbt.dateadd('day', 1, 'data_range.as_of_date') }} as {{ dbt.type_timestamp() }})
        and (
            subscriptions.ended_at is null
            or subscriptions.ended_at
            > cast({{ dbt.dateadd('day', 1, 'data_range.as_of_date') }} as {{ dbt.type_timestamp() }})
        )
    group by subscriptions.account_id
),

final as (
    select
        -- ids
        accounts.account_id,
        accounts.owner_id as sales_rep_id,

        -- strings
        accounts.account_name,
        accounts.account_type,
        accounts.industry,
        accounts.billing_country,
        accounts.country_code,
        countries.country_name,

        -- numerics
        accounts.number_of_employees,

        -- customer life
        new_customers.first_won_opportunity_id,
        new_customers.acquired_date,

        -- timestamps
        accounts.created_at,

        -- derived
        accounts.account_region,
        coalesce(current_subscriptions.active_subscriptions, 0) as active_subscriptions,
        new_customers.account_id is not null as has_won_opportunity,
        current_subscriptions.account_id is not null as is_active_customer
    from accounts
    left join countries
        on accounts.country_code = countries.country_code
    left join new_customers
        on accounts.account_id = new_customers.account_id
    left join current_subscriptions
        on accounts.account_id = current_subscriptions.account_id
)

select * from final
