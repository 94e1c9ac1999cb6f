{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('salesforce', 'lead') }}

with

source as (

    select * from {{ source('salesforce', 'lead') }}

),

country_aliases as (

    select * from {{ ref('country_aliases') }}

),

renamed as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as lead_id,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        cast(converted_account_id as {{ dbt.type_string() }}) as converted_account_id,
        cast(converted_contact_id as {{ dbt.type_string() }}) as converted_contact_id,
        cast(converted_opportunity_id as {{ dbt.type_string() }}) as converted_opportunity_id,

        -- strings
        trim(first_name) as first_name,
        trim(last_name) as last_name,
        {{ normalize_email('email') }} as email,
        {{ email_domain('email') }} as email_domain,
        nullif(trim(email), '') as raw_email,
        trim(company) as company_name,
        title,
        industry,
        country,
        nullif(lower(trim(country)), '') as country_alias,
        lead_source,
        status as lead_status,

        -- booleans
        coalesce(cast(is_converted as {{ dbt.type_boolean() }}), false) as is_converted,
        coalesce(cast(is_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,

        -- dates
        cast(converted_date as date) as converted_date,

        -- timestamps
        cast(created_date as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at

    from source

),

-- lookup: country spelling -> ISO code (mapping seed)
geocoded as (

    select
        renamed.*,
        country_aliases.country_code

    from renamed
    left join country_aliases
        on renamed.country_alias = country_aliases.country_alias

),

ranked as (

    select
        geocoded.*,
        row_number() over (
            partition by geocoded.lead_id
            order by geocoded.synced_at desc nulls last
        ) as sync_rank,
        max(geocoded.synced_at) over (partition by geocoded.lead_id) as latest_synced_at

    from geocoded

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.lead_id as record_id,
        {{ raw_row_key('ranked.sync_rank', 'ranked.synced_at') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.lead_id is null then 'missing_id'
            when ranked.sync_rank > 1 then 'superseded_by_resync'
            when ranked.is_deleted then 'soft_deleted'
        end as exclusion_reason,
        case
            when ranked.lead_id is null then 'id is null'
            when ranked.sync_rank > 1
                then
                    'a later row of this id was synced at '
                    || cast(ranked.latest_synced_at as {{ dbt.type_string() }})
            when ranked.is_deleted then 'is_deleted is true in the latest sync'
        end as exclusion_detail,

        -- flags (the row is kept)
        coalesce(ranked.raw_email is not null and ranked.email is null, false) as has_invalid_email,
        coalesce(ranked.country_alias is not null and ranked.country_code is null, false) as has_unknown_country

    from ranked

)

select * from final
