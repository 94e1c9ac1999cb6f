{{ config(
    materialized=incremental_materialization(),
    pre_hook="{{ delete_rolling_window('follow_up_date', is_changed_person_or_rep()) }}"
) }}
-- depends_on: {{ ref('int_data_range') }}
-- depends_on: {{ ref('stg_salesforce__leads') }}
-- depends_on: {{ ref('stg_salesforce__contacts') }}
-- depends_on: {{ ref('stg_salesforce__accounts') }}
-- depends_on: {{ ref('int_sales_reps') }}
-- One row per follow-up, with the lead request whose follow-up window holds it (docs/kpis.md
-- "follow-up window"); request_id is null when the follow-up is outside every window.
-- A request's window runs from submitted_at (inclusive) to the earlier of the person's next lead
-- request and submitted_at + var('follow_up_window_days') days (exclusive). The windows of one
-- person never overlap. A follow-up reaches the request's person through the request's lead id
-- or contact id (a converted lead is reached through both). Should two people's windows both
-- hold a follow-up (a contact that is also another lead's converted contact), the most recent
-- request takes it, so no follow-up ever counts twice.

with

follow_ups as (
    select * from {{ ref('int_follow_up_activities') }}
    {% if is_incremental() -%}
        where {{ rolling_window_rows('follow_up_date', is_changed_person_or_rep()) }}
    {%- endif %}
),

lead_requests as (
    select * from {{ ref('int_lead_requests') }}
),

next_requests as (
    select
        request_id,
        lead_id,
        contact_id,
        submitted_at,
        lead(submitted_at) over (
            partition by person_id
            order by submitted_at, request_id
        ) as next_request_at,
        {{ dbt.dateadd('day', var('follow_up_window_days'), 'submitted_at') }} as window_limit_at
    from lead_requests
    where person_id is not null
),

request_windows as (
    select
        request_id,
        lead_id,
        contact_id,
        submitted_at as window_start_at,
        case
            when next_request_at < window_limit_at then next_request_at
            else window_limit_at
        end as window_end_at
    from next_requests
),

-- each id through which a request's person is reached
window_person_ids as (
    select
        request_id,
        lead_id as person_id,
        window_start_at,
        window_end_at
    from request_windows
    where lead_id is not null

    union all

    select
        request_id,
        contact_id as person_id,
        window_start_at,
        window_end_at
    from request_windows
    where contact_id is not null
),

matches as (
    select
        follow_ups.follow_up_id,
        window_person_ids.request_id,
        window_person_ids.window_start_at,
        window_person_ids.window_end_at,
        row_number() over (
            partition by follow_ups.follow_up_id
            order by window_person_ids.window_start_at desc, window_person_ids.request_id desc
        ) as match_rank
    from follow_ups
    inner join window_person_ids
        on
            follow_ups.person_id = window_person_ids.person_id
            and follow_ups.follow_up_at >= window_person_ids.window_start_at
            and follow_ups.follow_up_at < window_person_ids.window_end_at
),

final as (
    select
        follow_ups.follow_up_id,
        follow_ups.person_id,
        follow_ups.person_type,
        follow_ups.sales_rep_id,
        follow_ups.follow_up_at,
        follow_ups.follow_up_date,
        follow_ups.follow_up_channel,
        follow_ups.email_message_id,
        follow_ups.subject,
        follow_ups.call_disposition,
        follow_ups.call_duration_seconds,
        matches.request_id,
        matches.window_start_at,
        matches.window_end_at
    from follow_ups
    left join matches
        on
            follow_ups.follow_up_id = matches.follow_up_id
            and matches.match_rank = 1
)

select * from final
