with

base as (

    select * from {{ ref('base_marketing__form_submissions') }}

),

final as (

    select
        -- ids
        form_submission_id,

        -- strings
        email,
        email_domain,
        first_name,
        last_name,
        company_name,
        job_title,
        country,
        country_code,
        form_type,
        asset_name,
        page_url,
        utm_source,
        utm_medium,
        utm_campaign,

        -- timestamps
        submitted_at

    from base
    where exclusion_reason is null

)

select * from final
