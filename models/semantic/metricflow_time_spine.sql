-- MetricFlow time spine: one row per calendar day (UTC) from the first day of the year that
-- holds the first date of the data to the as-of date (int_kpi_periods). MetricFlow joins to it
-- for time-based joins, offsets and cumulative metrics; days after the as-of date count for
-- nothing, as in every kpi_ mart. The day numbers come from a small digits table (portable, no
-- compile-time query): 100,000 days, about 270 years.


with

kpi_periods as (
    select * from {{ ref('int_kpi_periods') }}
),

spine_range as (
    select
        min(period_start) as first_day,
        max(measured_end) as day_after_last
    from kpi_periods
    where period_grain = 'year'
),

digits as (
    {% for digit in range(10) -%}
        select {{ digit }} as digit
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

day_offsets as (
    select
        ten_thousands.digit * 10000
        + thousands.digit * 1000
        + hundreds.digit * 100
        + tens.digit * 10
        + units.digit as day_offset
    from digits as ten_thousands
    cross join digits as thousands
    cross join digits as hundreds
    cross join digits as tens
    cross join digits as units
),

days as (
    select
        cast(
            {{ dbt.dateadd('day', 'day_offsets.day_offset', 'spine_range.first_day') }} as date
        ) as date_day,
        spine_range.day_after_last
    from spine_range
    cross join day_offsets
    where spine_range.first_day is not null
),

final as (
    select date_day
    from days
    where date_day < day_after_last
)

select * from final
