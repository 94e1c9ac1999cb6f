{{ config(materialized=incremental_materialization(), incremental_strategy='delete+insert', unique_key='record_id') }}
{{ demo_seed_dependency('marketing', 'form_submission') }}

with

source as (

    {{ raw_source('marketing', 'form_submission', incremental_by=('submission_id', 'submitted_at', 'submitted_at')) }}

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
        submission_id as form_submission_id,

        -- strings
        {{ normalize_email('email') }} as email,
        {{ email_domain('email') }} as email_domain,
        email as raw_email,
        first_name,
        last_name,
        company as company_name,
        job_title,
        country,
        lower(country) as country_alias,
        lower(form_type) as form_type,
        asset_name,
        page_url,
        utm_source,
        utm_medium,
        utm_campaign,

        -- timestamps
        submitted_at,

        -- data quality
        dq_unparseable_value,
        row_fingerprint

    from source

),

-- lookups: country spelling -> ISO code; is the form type mapped to a warmth (mapping seeds)
looked_up as (

    select
        renamed.*,
        country_aliases.country_code,
        lead_warmth_by_form_type.form_type is not null as has_mapped_form_type,
        case
            when renamed.raw_email is not null and renamed.email is null
                then 'email without @: ' || renamed.raw_email
        end as dq_invalid_email,
        case
            when renamed.country_alias is not null and country_aliases.country_code is null
                then 'country not in country_aliases: ' || renamed.country
        end as dq_unknown_country,
        case
            when lead_warmth_by_form_type.form_type is null
                then 'form_type not in lead_warmth_by_form_type: ' || coalesce(renamed.form_type, 'null')
        end as dq_unmapped_form_type

    from renamed
    left join country_aliases
        on renamed.country_alias = country_aliases.country_alias
    left join lead_warmth_by_form_type
        on renamed.form_type = lower(trim(lead_warmth_by_form_type.form_type))

),

-- no load timestamp: when an id appears twice, the latest submission is kept
final as (

    {{ apply_row_rules('looked_up', id_column='form_submission_id', latest_first=['submitted_at']) }}

)

select * from final
