-- The company rows of both lead KPI marts count exactly the 4P fact's requests of their period,
-- at every grain, and every request of the fact lands in one month, one quarter and one year.
-- Fails with one row per period (or grain) that disagrees.

with

lead_requests as (
    select * from {{ ref('fct_lead_follow_up_4p') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

response_time as (
    select * from {{ ref('kpi_lead_response_time') }}
    where segment_type = 'company'
),

follow_up_4p as (
    select * from {{ ref('kpi_follow_up_4p') }}
    where segment_type = 'company'
),

fact_counts as (
    select
        periods.period_grain,
        periods.period_start,
        count(lead_requests.request_id) as fact_requests
    from periods
    left join lead_requests
        on
            periods.period_start <= lead_requests.submitted_date
            and periods.measured_end > lead_requests.submitted_date
    group by
        periods.period_grain,
        periods.period_start
),

period_mismatches as (
    select
        fact_counts.period_grain,
        fact_counts.period_start,
        fact_counts.fact_requests,
        response_time.lead_requests as response_time_requests,
        follow_up_4p.lead_requests as follow_up_4p_requests
    from fact_counts
    left join response_time
        on
            fact_counts.period_grain = response_time.period_grain
            and fact_counts.period_start = response_time.period_start
    left join follow_up_4p
        on
            fact_counts.period_grain = follow_up_4p.period_grain
            and fact_counts.period_start = follow_up_4p.period_start
    where
        response_time.lead_requests is null
        or follow_up_4p.lead_requests is null
        or response_time.lead_requests <> fact_counts.fact_requests
        or follow_up_4p.lead_requests <> fact_counts.fact_requests
),

grain_totals as (
    select
        period_grain,
        sum(fact_requests) as fact_requests
    from fact_counts
    group by period_grain
),

all_requests as (
    select count(*) as fact_requests
    from lead_requests
),

grain_mismatches as (
    select
        grain_totals.period_grain,
        cast(null as date) as period_start,
        all_requests.fact_requests,
        grain_totals.fact_requests as response_time_requests,
        grain_totals.fact_requests as follow_up_4p_requests
    from grain_totals
    cross join all_requests
    where grain_totals.fact_requests <> all_requests.fact_requests
),

final as (
    select * from period_mismatches
    union all
    select * from grain_mismatches
)

select * from final
