-- One row per reporting period (month, quarter, year) from the period holding the first
-- date to the period holding the as-of date. Marts assign an event to a period with
-- `event_date >= period_start and event_date < measured_end`: days after the as-of date
-- count for nothing. A period is maturing for an outcome window of W days (follow-ups 30,
-- conversions 90: vars) while requests of its last day can still get that outcome after the
-- as-of date: measured_end + W days > the day after the as-of date.
-- The month spine is built from a small numbers table (portable, no compile-time query).

with

data_range as (
    select * from {{ ref('int_data_range') }}
),

digits as (
    {%- for digit in range(10) %}
        {% if not loop.first %}union all{% endif %}
        select {{ digit }} as digit
    {%- endfor %}
),

-- 100,000 month offsets (8,333 years): any data range of the contract's dates, from a
-- placeholder date in 1900 to a scheduled one in 2100, gets every period (a spine of 1,000
-- months cut events more than 83 years after the first date out of every mart)
month_offsets as (
    select
        ten_thousands.digit * 10000
        + thousands.digit * 1000
        + hundreds.digit * 100
        + tens.digit * 10
        + units.digit as month_offset
    from digits as ten_thousands
    cross join digits as thousands
    cross join digits as hundreds
    cross join digits as tens
    cross join digits as units
),

months as (
    select
        cast(
            {{ dbt.dateadd(
                'month',
                'month_offsets.month_offset',
                dbt.date_trunc('month', 'data_range.first_date')
            ) }} as date
        ) as month_start,
        data_range.as_of_date
    from data_range
    cross join month_offsets
    where
        data_range.first_date is not null
        -- bounded before adding, so that no date past the as-of month is ever computed
        and month_offsets.month_offset
        <= {{ dbt.datediff('data_range.first_date', 'data_range.as_of_date', 'month') }}
),

months_in_range as (
    select
        month_start,
        as_of_date
    from months
    where month_start <= as_of_date
),

periods as (
    {% for grain in ['month', 'quarter', 'year'] -%}
        select distinct
            '{{ grain }}' as period_grain,
            cast({{ dbt.date_trunc(grain, 'month_start') }} as date) as period_start,
            as_of_date
        from months_in_range
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

period_bounds as (
    {% for grain in ['month', 'quarter', 'year'] -%}
        select
            period_grain,
            period_start,
            {#- quarters as 3 months: PostgreSQL has no '1 quarter' interval #}
            {%- set months = {'month': 1, 'quarter': 3, 'year': 12}[grain] %}
            cast({{ dbt.dateadd('month', months, 'period_start') }} as date) as period_end,
            cast({{ dbt.dateadd('day', 1, 'as_of_date') }} as date) as day_after_as_of
        from periods
        where period_grain = '{{ grain }}'
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

measured as (
    select
        period_grain,
        period_start,
        period_end,
        day_after_as_of,
        case
            when period_end <= day_after_as_of then period_end
            else day_after_as_of
        end as measured_end
    from period_bounds
),

final as (
    select
        period_grain,
        period_start,
        period_end,
        measured_end,
        period_end <= day_after_as_of as is_complete_period,
        -- outcomes still to come: a request of the period may still get a follow-up (or convert)
        -- after the as-of date, so its rates are still maturing and must not read as a drop
        cast({{ dbt.dateadd('day', var('follow_up_window_days'), 'measured_end') }} as date)
        > day_after_as_of as is_follow_up_maturing,
        cast({{ dbt.dateadd('day', var('conversion_window_days'), 'measured_end') }} as date)
        > day_after_as_of as is_conversion_maturing
    from measured
)

select * from final
