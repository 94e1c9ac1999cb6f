-- One row per lead request with the opportunity that converted it (docs/kpis.md "Converted").
-- A request is converted when an opportunity (not deleted) was created at or after submitted_at
-- and at most var('conversion_window_days') days after it, and that opportunity is the lead's
-- converted opportunity or belongs to the person's account. Opportunities created before the
-- request never count, not even the lead's own converted opportunity.
-- When several qualify, the lead's converted opportunity is taken, else the earliest created;
-- `is_won` is that opportunity's outcome at the as-of date (int_opportunities_enriched: only
-- the opportunities created by the as-of date, with their status then). One opportunity may
-- convert several requests of the same person (each request's question is "did this request
-- lead to a deal?").

with

lead_requests as (
    select * from {{ ref('int_lead_requests') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

-- two equi-joins rather than one join on "a or b", so that the warehouse can hash-join
matched_opportunities as (
    select
        lead_requests.request_id,
        lead_requests.submitted_at,
        lead_requests.lead_converted_opportunity_id,
        opportunities.opportunity_id,
        opportunities.created_at,
        opportunities.is_won
    from lead_requests
    inner join opportunities
        on lead_requests.lead_converted_opportunity_id = opportunities.opportunity_id

    union all

    select
        lead_requests.request_id,
        lead_requests.submitted_at,
        lead_requests.lead_converted_opportunity_id,
        opportunities.opportunity_id,
        opportunities.created_at,
        opportunities.is_won
    from lead_requests
    inner join opportunities
        on lead_requests.account_id = opportunities.account_id
),

candidates as (
    select
        request_id,
        opportunity_id,
        created_at,
        is_won,
        row_number() over (
            partition by request_id
            order by
                case when opportunity_id = lead_converted_opportunity_id then 0 else 1 end,
                created_at,
                opportunity_id
        ) as candidate_rank
    from matched_opportunities
    where
        created_at >= submitted_at
        and created_at <= {{ dbt.dateadd('day', var('conversion_window_days'), 'submitted_at') }}
),

final as (
    select
        lead_requests.request_id,
        candidates.opportunity_id as converted_opportunity_id,
        candidates.created_at as converted_opportunity_created_at,
        candidates.opportunity_id is not null as is_converted,
        coalesce(candidates.is_won, false) as is_won
    from lead_requests
    left join candidates
        on
            lead_requests.request_id = candidates.request_id
            and candidates.candidate_rank = 1
)

select * from final
