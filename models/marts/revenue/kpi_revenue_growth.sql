-- Revenue growth (docs/kpis.md): recognized revenue (int_subscription_revenue_months; a quarter or a
-- year is the sum of its months) and bookings (amount_usd of won opportunities by close date),
-- each against the previous period of the same grain and the same period a year before.
-- A growth rate is (current - previous) / previous: null when the previous period had nothing
-- (or lies before the data range). The previous amounts are 0 when the previous period is in
-- the data range but the segment had nothing then, null when it lies before the data range.
-- Bookings are not cut by product family: their columns are null on product_family rows.
-- Grain: one row per period_grain x period_start x segment_type x segment_value.

{%- set segments = [
    {'type': 'account_region', 'value': 'account_region'},
    {'type': 'product_family', 'value': 'product_family'},
] %}

with

revenue_months as (
    select * from {{ ref('int_subscription_revenue_months') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

revenue_events as (
    select
        month_start as event_date,
        account_region,
        product_family,
        recognized_revenue_usd,
        cast(null as {{ type_double() }}) as bookings_usd
    from revenue_months
    union all
    select
        close_date as event_date,
        account_region,
        cast(null as {{ dbt.type_string() }}) as product_family,
        cast(null as {{ type_double() }}) as recognized_revenue_usd,
        amount_usd as bookings_usd
    from opportunities
    where
        is_won
        and close_date is not null
),

-- added up by month, region and family before the rows fan out to segments and periods (as
-- exact decimals: exact_sum(..., exact=true) then adds them as they are)
monthly_revenue as (
    {{ sum_kpi_events_by_month(
        'periods',
        'revenue_events',
        ['account_region', 'product_family'],
        [],
        ['recognized_revenue_usd', 'bookings_usd']
    ) }}
),

segmented as (
    {{ unpivot_kpi_segments(
        'monthly_revenue',
        segments,
        ['event_date', 'recognized_revenue_usd', 'bookings_usd']
    ) }}
),

period_rows as (
    {{ join_kpi_periods('periods', 'segmented', ['recognized_revenue_usd', 'bookings_usd']) }}
),

totals as (
    select
        {{ kpi_key_columns(cast=false) }},
        coalesce({{ exact_sum('recognized_revenue_usd', exact=true) }}, 0) as recognized_revenue_usd,
        case
            when segment_type <> 'product_family' then coalesce({{ exact_sum('bookings_usd', exact=true) }}, 0)
        end as bookings_usd
    from period_rows
    group by
        {{ kpi_key_columns(cast=false) }}
),

comparison_starts as (
    select
        {{ kpi_key_columns('totals', cast=false) }},
        totals.recognized_revenue_usd,
        totals.bookings_usd,
        cast(
            case totals.period_grain
                when 'month' then {{ dbt.dateadd('month', -1, 'totals.period_start') }}
                when 'quarter' then {{ dbt.dateadd('month', -3, 'totals.period_start') }}
                else {{ dbt.dateadd('month', -12, 'totals.period_start') }}
            end as date
        ) as previous_period_start,
        cast({{ dbt.dateadd('month', -12, 'totals.period_start') }} as date) as previous_year_start
    from totals
),

final as (
    select
        {{ kpi_key_columns('comparison_starts') }},

        -- recognized revenue
        {{ round_measure('comparison_starts.recognized_revenue_usd', 'usd') }} as recognized_revenue_usd,
        {{ round_measure(
            'case when previous_periods.period_start is not null
                then coalesce(previous_totals.recognized_revenue_usd, 0) end',
            'usd'
        ) }} as previous_period_revenue_usd,
        {{ round_measure(safe_divide(
            'comparison_starts.recognized_revenue_usd - previous_totals.recognized_revenue_usd',
            'previous_totals.recognized_revenue_usd'
        ), 'growth') }} as revenue_growth_rate,
        {{ round_measure(
            'case when previous_years.period_start is not null
                then coalesce(previous_year_totals.recognized_revenue_usd, 0) end',
            'usd'
        ) }} as previous_year_revenue_usd,
        {{ round_measure(safe_divide(
            'comparison_starts.recognized_revenue_usd - previous_year_totals.recognized_revenue_usd',
            'previous_year_totals.recognized_revenue_usd'
        ), 'growth') }} as revenue_yoy_growth_rate,

        -- bookings
        {{ round_measure('comparison_starts.bookings_usd', 'usd') }} as bookings_usd,
        {{ round_measure(
            'case when previous_periods.period_start is not null and comparison_starts.bookings_usd is not null
                then coalesce(previous_totals.bookings_usd, 0) end',
            'usd'
        ) }} as previous_period_bookings_usd,
        {{ round_measure(safe_divide(
            'comparison_starts.bookings_usd - previous_totals.bookings_usd',
            'previous_totals.bookings_usd'
        ), 'growth') }} as bookings_growth_rate,
        {{ round_measure(
            'case when previous_years.period_start is not null and comparison_starts.bookings_usd is not null
                then coalesce(previous_year_totals.bookings_usd, 0) end',
            'usd'
        ) }} as previous_year_bookings_usd,
        {{ round_measure(safe_divide(
            'comparison_starts.bookings_usd - previous_year_totals.bookings_usd',
            'previous_year_totals.bookings_usd'
        ), 'growth') }} as bookings_yoy_growth_rate
    from comparison_starts
    left join periods as previous_periods
        on
            comparison_starts.period_grain = previous_periods.period_grain
            and comparison_starts.previous_period_start = previous_periods.period_start
    left join totals as previous_totals
        on
            comparison_starts.period_grain = previous_totals.period_grain
            and comparison_starts.previous_period_start = previous_totals.period_start
            and comparison_starts.segment_type = previous_totals.segment_type
            and comparison_starts.segment_value = previous_totals.segment_value
    left join periods as previous_years
        on
            comparison_starts.period_grain = previous_years.period_grain
            and comparison_starts.previous_year_start = previous_years.period_start
    left join totals as previous_year_totals
        on
            comparison_starts.period_grain = previous_year_totals.period_grain
            and comparison_starts.previous_year_start = previous_year_totals.period_start
            and comparison_starts.segment_type = previous_year_totals.segment_type
            and comparison_starts.segment_value = previous_year_totals.segment_value
)

select * from final
