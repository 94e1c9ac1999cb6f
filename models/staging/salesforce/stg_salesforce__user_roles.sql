with

base as (

    select * from {{ ref('base_salesforce__user_roles') }}

),

final as (

    select
        -- ids
        user_role_id,
        parent_role_id,

        -- strings
        role_name,

        -- timestamps
        synced_at

    from base
    where exclusion_reason is null

)

select * from final
