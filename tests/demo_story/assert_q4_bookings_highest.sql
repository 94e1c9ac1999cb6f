{{ config(enabled=demo_data_in_use()) }}

-- Demo story: year-end push. In every complete year, the company's bookings of Q4 are above
-- those of each other quarter of the same year. Returns the years where they are not.

with

kpi as (
    select * from {{ ref('kpi_revenue_growth') }}
),

quarters as (
    select
        {{ dbt.date_trunc('year', 'period_start') }} as year_start,
        {{ dbt.datediff(
            dbt.date_trunc('year', 'period_start'),
            'period_start',
            'month'
        ) }} as months_into_year,
        bookings_usd,
        is_complete_period
    from kpi
    where
        segment_type = 'company'
        and period_grain = 'quarter'
),

years as (
    select
        year_start,
        max(case when months_into_year = 9 then bookings_usd end) as q4_bookings_usd,
        max(case when months_into_year < 9 then bookings_usd end) as best_other_quarter_bookings_usd,
        count(*) as quarters,
        min(case when is_complete_period then 1 else 0 end) as is_complete_year
    from quarters
    group by year_start
),

complete_years as (
    select *
    from years
    where
        quarters = 4
        and is_complete_year = 1
),

final as (
    select
        year_start,
        q4_bookings_usd,
        best_other_quarter_bookings_usd
    from complete_years
    where not coalesce(q4_bookings_usd > best_other_quarter_bookings_usd, false)
    union all
    -- the story needs at least one complete year to be told
    select
        null as year_start,
        null as q4_bookings_usd,
        null as best_other_quarter_bookings_usd
    from (select count(*) as year_count from complete_years) as counted
    where counted.year_count = 0
)

select * from final
