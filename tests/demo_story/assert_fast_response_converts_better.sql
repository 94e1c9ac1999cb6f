{{ config(enabled=demo_data_in_use()) }}

-- The demo tells the article's story (README): speed matters. In every complete year, lead
-- requests answered within 5 minutes convert at least twice as often as requests answered after
-- more than 24 hours (kpi_follow_up_4p, response_time_bucket segments, year grain).
-- Fails with the years where it does not hold, or with one row when no year is complete.

with

follow_up_4p as (
    select * from {{ ref('kpi_follow_up_4p') }}
),

bucket_conversion as (
    select
        period_start,
        max(case when segment_value = '0-5 min' then conversion_rate end) as fast_conversion_rate,
        max(case when segment_value = '>24 h' then conversion_rate end) as slow_conversion_rate
    from follow_up_4p
    where
        period_grain = 'year'
        and segment_type = 'response_time_bucket'
        and is_complete_period
    group by period_start
),

failing_years as (
    select
        period_start,
        fast_conversion_rate,
        slow_conversion_rate
    from bucket_conversion
    where not coalesce(fast_conversion_rate >= 2 * slow_conversion_rate, false)
),

no_complete_year as (
    select
        cast(null as date) as period_start,
        cast(null as {{ type_double() }}) as fast_conversion_rate,
        cast(null as {{ type_double() }}) as slow_conversion_rate
    from (select count(*) as complete_years from bucket_conversion) as counted
    where counted.complete_years = 0
),

final as (
    select * from failing_years
    union all
    select * from no_complete_year
)

select * from final
