-- One row per lead request that has at least one follow-up in its window: the follow-up side of
-- the 4P (docs/kpis.md "fct_lead_follow_up_4p"), aggregated from int_follow_ups.
--   promptness  : the first follow-up's time;
--   persistence : the number of follow-ups and the channels used;
--   personalization: the average elements over the window's emails (null when none) and the
--                 emails with at least var('personalized_email_min_elements') elements;
--   performance : reached follow-ups, and whether the lead answered (a reply or a connected call).

with

follow_ups as (
    select * from {{ ref('int_follow_ups') }}
),

windowed_follow_ups as (
    select *
    from follow_ups
    where request_id is not null
),

request_channels as (
    select distinct
        request_id,
        follow_up_channel
    from windowed_follow_ups
),

channel_lists as (
    select
        request_id,
        count(*) as follow_up_channel_count,
        {{ listagg_sorted('follow_up_channel', "', '") }} as follow_up_channels
    from request_channels
    group by request_id
),

request_totals as (
    select
        request_id,
        min(follow_up_at) as first_follow_up_at,
        count(*) as follow_ups_total,
        sum(case when follow_up_channel = 'call' then 1 else 0 end) as call_follow_ups,
        sum(case when follow_up_channel = 'email' then 1 else 0 end) as email_follow_ups,
        sum(case when follow_up_channel = 'meeting' then 1 else 0 end) as meeting_follow_ups,
        avg(cast(personalization_elements as {{ type_double() }})) as personalization_score,
        sum(case when is_personalized_email then 1 else 0 end) as personalized_emails,
        sum(case when is_reached then 1 else 0 end) as reached_follow_ups,
        max(case when is_reached then 1 else 0 end) = 1 as has_reached_lead,
        max(case when is_replied then 1 else 0 end) = 1 as has_lead_replied
    from windowed_follow_ups
    group by request_id
),

final as (
    select
        request_totals.request_id,
        request_totals.first_follow_up_at,
        request_totals.follow_ups_total,
        request_totals.call_follow_ups,
        request_totals.email_follow_ups,
        request_totals.meeting_follow_ups,
        channel_lists.follow_up_channel_count,
        channel_lists.follow_up_channels,
        request_totals.personalization_score,
        request_totals.personalized_emails,
        request_totals.reached_follow_ups,
        request_totals.has_reached_lead,
        request_totals.has_lead_replied
    from request_totals
    inner join channel_lists
        on request_totals.request_id = channel_lists.request_id
)

select * from final
