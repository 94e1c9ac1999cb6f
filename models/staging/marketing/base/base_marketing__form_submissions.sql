{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('marketing', 'form_submission') }}

with

source as (

    select * from {{ source('marketing', 'form_submission') }}

),

country_aliases as (

    select * from {{ ref('country_aliases') }}

),

lead_warmth_by_form_type as (

    select * from {{ ref('lead_warmth_by_form_type') }}

),

renamed as (

    select
        -- ids
        cast(submission_id as {{ dbt.type_string() }}) as form_submission_id,

        -- strings
        {{ normalize_email('email') }} as email,
        {{ email_domain('email') }} as email_domain,
        nullif(trim(email), '') as raw_email,
        trim(first_name) as first_name,
        trim(last_name) as last_name,
        trim(company) as company_name,
        job_title,
        country,
        nullif(lower(trim(country)), '') as country_alias,
        lower(trim(form_type)) as form_type,
        asset_name,
        page_url,
        utm_source,
        utm_medium,
        utm_campaign,

        -- timestamps
        cast(submitted_at as {{ dbt.type_timestamp() }}) as submitted_at

    from source

),

-- lookups: country spelling -> ISO code; is the form type mapped to a warmth (mapping seeds)
looked_up as (

    select
        renamed.*,
        country_aliases.country_code,
        lead_warmth_by_form_type.form_type is not null as has_mapped_form_type

    from renamed
    left join country_aliases
        on renamed.country_alias = country_aliases.country_alias
    left join lead_warmth_by_form_type
        on renamed.form_type = lead_warmth_by_form_type.form_type

),

-- no load timestamp: when an id appears twice, the latest submission is kept
ranked as (

    select
        looked_up.*,
        row_number() over (
            partition by looked_up.form_submission_id
            order by looked_up.submitted_at desc nulls last
        ) as row_rank

    from looked_up

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.form_submission_id as record_id,
        {{ raw_row_key('ranked.row_rank') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.form_submission_id is null then 'missing_id'
            when ranked.row_rank > 1 then 'duplicate_id'
        end as exclusion_reason,
        case
            when ranked.form_submission_id is null then 'id is null'
            when ranked.row_rank > 1 then 'another row has the same id'
        end as exclusion_detail,

        -- flags (the row is kept)
        coalesce(ranked.raw_email is not null and ranked.email is null, false) as has_invalid_email,
        coalesce(ranked.country_alias is not null and ranked.country_code is null, false) as has_unknown_country,
        not ranked.has_mapped_form_type as has_unmapped_form_type

    from ranked

)

select * from final
