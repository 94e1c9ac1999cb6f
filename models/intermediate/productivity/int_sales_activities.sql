{{ config(
    materialized=incremental_materialization(),
    pre_hook="{{ delete_rolling_window('activity_date', is_changed_sales_rep()) }}"
) }}
-- One row per sales activity (docs/kpis.md, kpi_sales_productivity): a completed task (soft-deleted
-- tasks are not in staging) owned by a 'Standard' user that is a call (task_subtype 'Call', any
-- direction), an email (task_subtype 'Email') or a meeting (task type 'Meeting'), dated by the
-- moment it happened (completed, else created), on or before the as-of date. Broader than a
-- follow-up (int_follow_ups): it
-- need not be addressed to a lead or contact, and inbound calls count.

with

tasks as (
    select * from {{ ref('stg_salesforce__tasks') }}
),

sales_reps as (
    select * from {{ ref('int_sales_reps') }}
),

data_range as (
    select * from {{ ref('int_data_range') }}
),

activities as (
    select
        tasks.task_id,
        tasks.owner_id as sales_rep_id,
        tasks.call_type,
        tasks.call_duration_seconds,
        tasks.task_at as activity_at,
        case
            when tasks.task_subtype = 'Call' then 'call'
            when tasks.task_subtype = 'Email' then 'email'
            when tasks.task_type = 'Meeting' then 'meeting'
        end as activity_channel
    from tasks
    inner join sales_reps
        on tasks.owner_id = sales_reps.sales_rep_id
    cross join data_range
    where
        tasks.is_completed
        and sales_reps.is_sales_rep
        and tasks.task_at < data_range.as_of_end_at
        {% if is_incremental() -%}
            and ({{ rolling_window_rows('cast(tasks.task_at as date)', is_changed_sales_rep('tasks.owner_id')) }})
        {%- endif %}
),

final as (
    select
        task_id as activity_id,
        sales_rep_id,
        activity_channel,
        call_type,
        activity_at,
        cast(activity_at as date) as activity_date,
        case
            when activity_channel = 'call'
                then cast(coalesce(call_duration_seconds, 0) as {{ type_double() }}) / 60
            else 0
        end as talk_minutes
    from activities
    where activity_channel is not null
)

select * from final
