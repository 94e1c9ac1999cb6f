{{ config(enabled=demo_data_in_use()) }}

-- The demo tells the article's story (README): the warmer the lead, the faster reps answer.
-- In every complete year, the median promptness of hot requests is below that of warm requests,
-- and warm below cold (kpi_lead_response_time, warmth segments, year grain).
-- Fails with the years where the order does not hold, or with one row when no year is complete.

with

response_time as (
    select * from {{ ref('kpi_lead_response_time') }}
),

warmth_medians as (
    select
        period_start,
        max(case when segment_value = 'hot' then median_promptness_minutes end) as hot_median_minutes,
        max(case when segment_value = 'warm' then median_promptness_minutes end) as warm_median_minutes,
        max(case when segment_value = 'cold' then median_promptness_minutes end) as cold_median_minutes
    from response_time
    where
        period_grain = 'year'
        and segment_type = 'warmth'
        and is_complete_period
    group by period_start
),

out_of_order_years as (
    select
        period_start,
        hot_median_minutes,
        warm_median_minutes,
        cold_median_minutes
    from warmth_medians
    where not coalesce(
        hot_median_minutes < warm_median_minutes
        and warm_median_minutes < cold_median_minutes,
        false
    )
),

no_complete_year as (
    select
        cast(null as date) as period_start,
        cast(null as {{ type_double() }}) as hot_median_minutes,
        cast(null as {{ type_double() }}) as warm_median_minutes,
        cast(null as {{ type_double() }}) as cold_median_minutes
    from (select count(*) as complete_years from warmth_medians) as counted
    where counted.complete_years = 0
),

final as (
    select * from out_of_order_years
    union all
    select * from no_complete_year
)

select * from final
