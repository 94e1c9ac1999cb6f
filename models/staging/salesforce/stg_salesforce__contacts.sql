with

base as (

    select * from {{ ref('base_salesforce__contacts') }}

),

final as (

    select
        -- ids
        contact_id,
        account_id,
        owner_id,

        -- strings
        first_name,
        last_name,
        email,
        email_domain,
        title,
        lead_source,

        -- timestamps
        created_at,
        synced_at

    from base
    where exclusion_reason is null

)

select * from final
