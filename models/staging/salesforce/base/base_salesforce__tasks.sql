{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('salesforce', 'task') }}

with

source as (

    select * from {{ source('salesforce', 'task') }}

),

renamed as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as task_id,
        nullif(trim(cast(who_id as {{ dbt.type_string() }})), '') as who_id,
        cast(what_id as {{ dbt.type_string() }}) as what_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,

        -- strings
        subject,
        type as task_type,
        task_subtype,
        status as task_status,
        call_type,
        trim(call_disposition) as call_disposition,

        -- numerics
        cast(call_duration_in_seconds as {{ dbt.type_int() }}) as call_duration_seconds,

        -- booleans
        coalesce(status = 'Completed', false) as is_completed,
        coalesce(cast(is_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,

        -- dates
        cast(activity_date as date) as activity_date,

        -- timestamps
        cast(created_date as {{ dbt.type_timestamp() }}) as created_at,
        cast(completed_date_time as {{ dbt.type_timestamp() }}) as completed_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at

    from source

),

derived as (

    select
        renamed.*,
        -- Salesforce key prefixes: '00Q' lead, '003' contact
        case substr(renamed.who_id, 1, 3)
            when '00Q' then 'lead'
            when '003' then 'contact'
        end as who_type,
        -- the moment the task happened (activity_date is only a due date)
        coalesce(renamed.completed_at, renamed.created_at) as task_at

    from renamed

),

ranked as (

    select
        derived.*,
        row_number() over (
            partition by derived.task_id
            order by derived.synced_at desc nulls last
        ) as sync_rank,
        max(derived.synced_at) over (partition by derived.task_id) as latest_synced_at

    from derived

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.task_id as record_id,
        {{ raw_row_key('ranked.sync_rank', 'ranked.synced_at') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.task_id is null then 'missing_id'
            when ranked.sync_rank > 1 then 'superseded_by_resync'
            when ranked.is_deleted then 'soft_deleted'
        end as exclusion_reason,
        case
            when ranked.task_id is null then 'id is null'
            when ranked.sync_rank > 1
                then
                    'a later row of this id was synced at '
                    || cast(ranked.latest_synced_at as {{ dbt.type_string() }})
            when ranked.is_deleted then 'is_deleted is true in the latest sync'
        end as exclusion_detail,

        -- flags (the row is kept)
        ranked.task_at is null as has_no_timestamp,
        ranked.who_id is null as has_no_who_id

    from ranked

)

select * from final
