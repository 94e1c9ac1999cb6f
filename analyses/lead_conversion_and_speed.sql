-- "Are we converting our leads, and does speed matter?" (the article's question on lead response
-- time). Compile with `dbt compile --select lead_conversion_and_speed` and run the SQL in
-- target/compiled/... against the warehouse.
--
-- How to read the result: one row per warmth ('all' first, then hot, warm, cold, unclassified)
-- and response-time bucket ('all', then '0-5 min' ... 'no response'), over the complete years:
--   * lead_requests, conversion_rate, won_rate: are we converting? (the 'all' x 'all' row);
--   * conversion_index: the bucket's conversion rate divided by the conversion rate of ALL the
--     requests of the same warmth (1 = as good as the warmth's average). Comparing within one
--     warmth matters: hot leads are both answered faster and more likely to buy, so the
--     company-wide comparison of buckets (the 'all' warmth rows) mixes speed with warmth. An
--     index that falls from the fast buckets to the slow ones inside each warmth says that speed
--     itself matters. Cells with few requests (a hot lead answered after 24 hours is rare) are
--     noise: read them with lead_requests;
--   * share_within_sla: of those requests, how many were answered within their warmth's SLA
--     (null for unclassified form types, which have no SLA).
-- Everything comes from the marts: the 4P fact for the request-level cut, kpi_follow_up_4p for
-- the calendar (complete years only).

with

lead_requests as (
    select * from {{ ref('fct_lead_follow_up_4p') }}
),

follow_up_4p as (
    select * from {{ ref('kpi_follow_up_4p') }}
),

-- the complete years (from the KPI mart's calendar): a year still running would mix in
-- requests whose follow-ups and opportunities have not happened yet
complete_years as (
    select
        period_start,
        cast({{ dbt.dateadd('year', 1, 'period_start') }} as date) as period_end
    from follow_up_4p
    where
        period_grain = 'year'
        and segment_type = 'company'
        and is_complete_period
),

requests_in_complete_years as (
    select lead_requests.*
    from lead_requests
    inner join complete_years
        on
            lead_requests.submitted_date >= complete_years.period_start
            and lead_requests.submitted_date < complete_years.period_end
),

-- each request counted in its own warmth and bucket, and in the 'all' rows
cuts as (
    select
        warmth,
        response_time_bucket,
        is_converted,
        is_won,
        is_within_sla
    from requests_in_complete_years
    union all
    select
        'all' as warmth,
        response_time_bucket,
        is_converted,
        is_won,
        is_within_sla
    from requests_in_complete_years
    union all
    select
        warmth,
        'all' as response_time_bucket,
        is_converted,
        is_won,
        is_within_sla
    from requests_in_complete_years
    union all
    select
        'all' as warmth,
        'all' as response_time_bucket,
        is_converted,
        is_won,
        is_within_sla
    from requests_in_complete_years
),

rates as (
    select
        warmth,
        response_time_bucket,
        count(*) as lead_requests,
        {{ safe_divide('sum(case when is_converted then 1 else 0 end)', 'count(*)') }} as conversion_rate,
        {{ safe_divide('sum(case when is_won then 1 else 0 end)', 'count(*)') }} as won_rate,
        {{ safe_divide('sum(case when is_within_sla then 1 else 0 end)', 'count(is_within_sla)') }}
            as share_within_sla
    from cuts
    group by
        warmth,
        response_time_bucket
),

warmth_rates as (
    select
        warmth,
        conversion_rate as warmth_conversion_rate
    from rates
    where response_time_bucket = 'all'
),

final as (
    select
        rates.warmth,
        rates.response_time_bucket,
        rates.lead_requests,
        rates.conversion_rate,
        rates.won_rate,
        rates.share_within_sla,
        {{ safe_divide('rates.conversion_rate', 'warmth_rates.warmth_conversion_rate') }}
            as conversion_index
    from rates
    left join warmth_rates
        on rates.warmth = warmth_rates.warmth
)

select * from final
order by
    case warmth
        when 'all' then 0 when 'hot' then 1 when 'warm' then 2 when 'cold' then 3 else 4
    end,
    case response_time_bucket
        when 'all' then 0 when '0-5 min' then 1 when '5-60 min' then 2 when '1-24 h' then 3
        when '>24 h' then 4 else 5
    end
