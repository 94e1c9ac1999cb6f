-- The follow-ups of the 4P fact are exactly the windowed rows of fct_follow_ups: per request,
-- the total, the reached ones, the emails and the personalized emails agree.
-- Fails with one row per request that disagrees.

with

lead_requests as (
    select * from {{ ref('fct_lead_follow_up_4p') }}
),

follow_ups as (
    select * from {{ ref('fct_follow_ups') }}
),

follow_up_counts as (
    select
        request_id,
        count(*) as follow_ups,
        sum(case when is_reached then 1 else 0 end) as reached_follow_ups,
        sum(case when follow_up_channel = 'email' then 1 else 0 end) as email_follow_ups,
        sum(case when is_personalized_email then 1 else 0 end) as personalized_emails,
        min(follow_up_at) as first_follow_up_at
    from follow_ups
    where request_id is not null
    group by request_id
),

final as (
    select
        lead_requests.request_id,
        lead_requests.follow_ups_total,
        follow_up_counts.follow_ups
    from lead_requests
    left join follow_up_counts
        on lead_requests.request_id = follow_up_counts.request_id
    where
        lead_requests.follow_ups_total <> coalesce(follow_up_counts.follow_ups, 0)
        or lead_requests.reached_follow_ups <> coalesce(follow_up_counts.reached_follow_ups, 0)
        or lead_requests.email_follow_ups <> coalesce(follow_up_counts.email_follow_ups, 0)
        or lead_requests.personalized_emails <> coalesce(follow_up_counts.personalized_emails, 0)
        or lead_requests.first_follow_up_at <> follow_up_counts.first_follow_up_at
)

select * from final
