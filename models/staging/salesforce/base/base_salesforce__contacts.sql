{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('salesforce', 'contact') }}

with

source as (

    select * from {{ source('salesforce', 'contact') }}

),

renamed as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as contact_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,

        -- strings
        trim(first_name) as first_name,
        trim(last_name) as last_name,
        {{ normalize_email('email') }} as email,
        {{ email_domain('email') }} as email_domain,
        nullif(trim(email), '') as raw_email,
        title,
        lead_source,

        -- booleans
        coalesce(cast(is_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,

        -- timestamps
        cast(created_date as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at

    from source

),

ranked as (

    select
        renamed.*,
        row_number() over (
            partition by renamed.contact_id
            order by renamed.synced_at desc nulls last
        ) as sync_rank,
        max(renamed.synced_at) over (partition by renamed.contact_id) as latest_synced_at

    from renamed

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.contact_id as record_id,
        {{ raw_row_key('ranked.sync_rank', 'ranked.synced_at') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.contact_id is null then 'missing_id'
            when ranked.sync_rank > 1 then 'superseded_by_resync'
            when ranked.is_deleted then 'soft_deleted'
        end as exclusion_reason,
        case
            when ranked.contact_id is null then 'id is null'
            when ranked.sync_rank > 1
                then
                    'a later row of this id was synced at '
                    || cast(ranked.latest_synced_at as {{ dbt.type_string() }})
            when ranked.is_deleted then 'is_deleted is true in the latest sync'
        end as exclusion_detail,

        -- flags (the row is kept)
        coalesce(ranked.raw_email is not null and ranked.email is null, false) as has_invalid_email

    from ranked

)

select * from final
