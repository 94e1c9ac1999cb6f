with

base as (

    select * from {{ ref('base_salesforce__tasks') }}

),

final as (

    select
        -- ids
        task_id,
        who_id,
        what_id,
        account_id,
        owner_id,

        -- strings
        who_type,
        subject,
        task_type,
        task_subtype,
        task_status,
        call_type,
        call_disposition,

        -- numerics
        call_duration_seconds,

        -- booleans
        is_completed,

        -- dates
        activity_date,

        -- timestamps
        created_at,
        completed_at,
        task_at,
        synced_at

    from base
    where exclusion_reason is null

)

select * from final
