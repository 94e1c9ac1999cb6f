with

base as (

    select * from {{ ref('base_salesforce__users') }}

),

final as (

    select
        -- ids
        user_id,
        user_role_id,
        manager_id,

        -- strings
        first_name,
        last_name,
        full_name,
        email,
        user_type,
        time_zone,

        -- booleans
        is_active,
        is_sales_rep,

        -- timestamps
        created_at,
        synced_at

    from base
    where exclusion_reason is null

)

select * from final
