{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('salesforce', 'email_message') }}

with

source as (

    select * from {{ source('salesforce', 'email_message') }}

),

renamed as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as email_message_id,
        cast(activity_id as {{ dbt.type_string() }}) as task_id,
        cast(reply_to_email_message_id as {{ dbt.type_string() }}) as reply_to_email_message_id,

        -- strings
        subject,
        text_body,
        {{ normalize_email('from_address') }} as from_address,
        {{ normalize_email('to_address') }} as to_address,
        nullif(trim(from_address), '') as raw_from_address,
        nullif(trim(to_address), '') as raw_to_address,
        cast(status as {{ dbt.type_string() }}) as message_status,

        -- booleans
        coalesce(cast(incoming as {{ dbt.type_boolean() }}), false) as is_incoming,
        coalesce(cast(is_bounced as {{ dbt.type_boolean() }}), false) as is_bounced,
        coalesce(cast(is_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,

        -- timestamps
        cast(first_opened_date as {{ dbt.type_timestamp() }}) as first_opened_at,
        cast(message_date as {{ dbt.type_timestamp() }}) as message_at,
        cast(created_date as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at

    from source

),

ranked as (

    select
        renamed.*,
        row_number() over (
            partition by renamed.email_message_id
            order by renamed.synced_at desc nulls last
        ) as sync_rank,
        max(renamed.synced_at) over (partition by renamed.email_message_id) as latest_synced_at

    from renamed

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.email_message_id as record_id,
        {{ raw_row_key('ranked.sync_rank', 'ranked.synced_at') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.email_message_id is null then 'missing_id'
            when ranked.sync_rank > 1 then 'superseded_by_resync'
            when ranked.is_deleted then 'soft_deleted'
        end as exclusion_reason,
        case
            when ranked.email_message_id is null then 'id is null'
            when ranked.sync_rank > 1
                then
                    'a later row of this id was synced at '
                    || cast(ranked.latest_synced_at as {{ dbt.type_string() }})
            when ranked.is_deleted then 'is_deleted is true in the latest sync'
        end as exclusion_detail,

        -- flags (the row is kept)
        coalesce(
            (ranked.raw_from_address is not null and ranked.from_address is null)
            or (ranked.raw_to_address is not null and ranked.to_address is null),
            false
        ) as has_invalid_email

    from ranked

)

select * from final
