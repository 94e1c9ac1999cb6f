{{ config(materialized=incremental_materialization(), incremental_strategy='delete+insert', unique_key='record_id') }}
{{ demo_seed_dependency('salesforce', 'task') }}

with

source as (

    {{ raw_source('salesforce', 'task', incremental_by=('id', '_fivetran_synced', 'synced_at')) }}

),

users as (

    select * from {{ ref('stg_salesforce__users') }}

),

renamed as (

    select
        -- ids
        id as task_id,
        who_id,
        what_id,
        account_id,
        owner_id,

        -- strings
        subject,
        type as task_type,
        task_subtype,
        status as task_status,
        call_type,
        call_disposition,
        {{ salesforce_id_kind('who_id') }} as who_type,

        -- numerics
        call_duration_in_seconds as call_duration_seconds,

        -- booleans
        coalesce(status = 'Completed', false) as is_completed,
        coalesce(is_deleted, false) as is_deleted,

        -- dates
        activity_date,

        -- timestamps
        created_date as created_at,
        completed_date_time as completed_at,
        -- the moment the task happened (activity_date is only a due date)
        coalesce(completed_date_time, created_date) as task_at,
        _fivetran_synced as synced_at,

        -- data quality
        dq_unparseable_value,
        row_fingerprint,
        case
            when completed_date_time is null and created_date is null
                then 'completed_date_time and created_date are null'
        end as dq_task_without_timestamp,
        case when who_id is null then 'who_id is null' end as dq_task_without_who_id

    from source

),

-- lookup: is the owner a user
looked_up as (

    select
        renamed.*,
        {{ owner_not_a_user_detail('renamed.owner_id', 'users.user_id') }} as dq_owner_not_a_user

    from renamed
    left join users
        on renamed.owner_id = users.user_id

),

final as (

    {{ apply_row_rules(
        'looked_up',
        id_column='task_id',
        latest_first=['synced_at'],
        loaded_at_column='synced_at',
        deleted_column='is_deleted',
    ) }}

)

select * from final
