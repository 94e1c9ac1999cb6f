{{ config(
    materialized=incremental_materialization(),
    pre_hook="{{ delete_rolling_window('follow_up_date', is_changed_sales_rep()) }}"
) }}
-- depends_on: {{ ref('int_sales_reps') }}
-- One row per follow-up: the definition of docs/kpis.md "A follow-up", and the only place it lives.
-- A task is a follow-up when it is completed, owned by a 'Standard' user (not an automation
-- user), addressed (who_id) to a lead or a contact, has a time, and is
--   * a call  : task_subtype 'Call' and call_type 'Outbound' or null (inbound and internal
--               calls are not follow-ups);
--   * an email: task_subtype 'Email' whose email message is not incoming (mass emails are
--               'ListEmail' and do not qualify); an email task without a stored message counts
--               as an outgoing email;
--   * a meeting: type 'Meeting' (on a plain task, not on a call or email task).
-- Its time is completed_date_time, else created_date (staging's task_at), on or before the
-- as-of date (a pinned as-of date cuts every fact). Deleted tasks never reach staging.

with

tasks as (
    select * from {{ ref('stg_salesforce__tasks') }}
),

users as (
    select * from {{ ref('stg_salesforce__users') }}
),

email_messages as (
    select * from {{ ref('stg_salesforce__email_messages') }}
),

data_range as (
    select * from {{ ref('int_data_range') }}
),

-- the message behind an email task (one per task; the earliest if a loader stored several)
task_messages as (
    select
        task_id,
        email_message_id,
        is_incoming,
        row_number() over (
            partition by task_id
            order by message_at, email_message_id
        ) as message_rank
    from email_messages
    where task_id is not null
),

classified as (
    select
        tasks.task_id as follow_up_id,
        tasks.who_id as person_id,
        tasks.who_type as person_type,
        tasks.owner_id as sales_rep_id,
        tasks.task_at as follow_up_at,
        tasks.subject,
        tasks.call_disposition,
        tasks.call_duration_seconds,
        task_messages.email_message_id,
        case
            when
                tasks.task_subtype = 'Call'
                and (tasks.call_type = 'Outbound' or tasks.call_type is null)
                then 'call'
            when
                tasks.task_subtype = 'Email'
                and not coalesce(task_messages.is_incoming, false)
                then 'email'
            when
                tasks.task_type = 'Meeting'
                and coalesce(tasks.task_subtype, 'Task') not in ('Call', 'Email', 'ListEmail')
                then 'meeting'
        end as follow_up_channel
    from tasks
    inner join users
        on tasks.owner_id = users.user_id
    left join task_messages
        on
            tasks.task_id = task_messages.task_id
            and task_messages.message_rank = 1
    cross join data_range
    where
        tasks.is_completed
        and users.is_sales_rep
        and tasks.who_type in ('lead', 'contact')
        and tasks.task_at < data_range.as_of_end_at
        {% if is_incremental() -%}
            and ({{ rolling_window_rows('cast(tasks.task_at as date)', is_changed_sales_rep('tasks.owner_id')) }})
        {%- endif %}
),

final as (
    select
        follow_up_id,
        person_id,
        person_type,
        sales_rep_id,
        follow_up_at,
        cast(follow_up_at as date) as follow_up_date,
        follow_up_channel,
        email_message_id,
        subject,
        call_disposition,
        call_duration_seconds
    from classified
    where follow_up_channel is not null
)

select * from final
