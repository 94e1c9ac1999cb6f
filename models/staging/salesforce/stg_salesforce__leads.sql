with

base as (

    select * from {{ ref('base_salesforce__leads') }}

),

final as (

    select
        -- ids
        lead_id,
        owner_id,
        converted_account_id,
        converted_contact_id,
        converted_opportunity_id,

        -- strings
        first_name,
        last_name,
        email,
        email_domain,
        company_name,
        title,
        industry,
        country,
        country_code,
        lead_source,
        lead_status,

        -- booleans
        is_converted,

        -- dates
        converted_date,

        -- timestamps
        created_at,
        synced_at

    from base
    where exclusion_reason is null

)

select * from final
