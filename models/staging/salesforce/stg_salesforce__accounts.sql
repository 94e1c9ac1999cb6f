with

base as (

    select * from {{ ref('base_salesforce__accounts') }}

),

final as (

    select
        -- ids
        account_id,
        owner_id,

        -- strings
        account_name,
        account_type,
        industry,
        billing_country,
        country_code,
        account_region,

        -- numerics
        number_of_employees,

        -- timestamps
        created_at,
        synced_at

    from base
    where exclusion_reason is null

)

select * from final
