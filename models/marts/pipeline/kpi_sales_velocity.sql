-- Sales velocity (docs: kpi_sales_velocity): the money the pipeline turns into per day,
--   velocity = open deals x win rate x average won deal size / average won cycle length,
-- each factor as the project's other marts define it, for the same period and segment:
--   open deals at the period's start   kpi_pipeline_waterfall.open_opportunities_start
--   win rate, bookings and won deals   kpi_sales_productivity
--   average won cycle (days)           kpi_sales_cycle_length.avg_won_cycle_days
-- The change from the previous period of the same grain is split exactly into the four factors'
-- parts with logarithmic-mean weights (macro log_mean): null when a factor is not positive.
-- Money per day is rounded to the cent.
-- Grain: one row per period_grain x period_start x segment_type x segment_value.

with

waterfall as (
    select * from {{ ref('kpi_pipeline_waterfall') }}
),

productivity as (
    select * from {{ ref('kpi_sales_productivity') }}
),

cycle_length as (
    select * from {{ ref('kpi_sales_cycle_length') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

segment_keys as (
    {{ kpi_segment_keys('periods', ['waterfall', 'productivity', 'cycle_length']) }}
),

factors as (
    select
        {{ kpi_key_columns('segment_keys', cast=false) }},
        coalesce(waterfall.open_opportunities_start, 0) as open_opportunities,
        productivity.win_rate,
        {{ safe_divide('productivity.bookings_usd', 'productivity.won_opportunities') }}
            as avg_won_deal_size_usd,
        cycle_length.avg_won_cycle_days
    from segment_keys
    left join waterfall
        on
            segment_keys.period_grain = waterfall.period_grain
            and segment_keys.period_start = waterfall.period_start
            and segment_keys.segment_type = waterfall.segment_type
            and segment_keys.segment_value = waterfall.segment_value
    left join productivity
        on
            segment_keys.period_grain = productivity.period_grain
            and segment_keys.period_start = productivity.period_start
            and segment_keys.segment_type = productivity.segment_type
            and segment_keys.segment_value = productivity.segment_value
    left join cycle_length
        on
            segment_keys.period_grain = cycle_length.period_grain
            and segment_keys.period_start = cycle_length.period_start
            and segment_keys.segment_type = cycle_length.segment_type
            and segment_keys.segment_value = cycle_length.segment_value
),

velocities as (
    select
        factors.*,
        factors.open_opportunities * factors.win_rate * factors.avg_won_deal_size_usd
        / nullif(factors.avg_won_cycle_days, 0) as sales_velocity_usd_per_day
    from factors
),

-- each period next to the previous period of its grain, for the same segment
paired as (
    select
        {{ kpi_key_columns('current_rows', cast=false) }},
        current_rows.open_opportunities,
        current_rows.win_rate,
        current_rows.avg_won_deal_size_usd,
        current_rows.avg_won_cycle_days,
        current_rows.sales_velocity_usd_per_day,
        previous_rows.open_opportunities as previous_open_opportunities,
        previous_rows.win_rate as previous_win_rate,
        previous_rows.avg_won_deal_size_usd as previous_avg_won_deal_size_usd,
        previous_rows.avg_won_cycle_days as previous_avg_won_cycle_days,
        previous_rows.sales_velocity_usd_per_day as previous_sales_velocity_usd_per_day,
        {{ log_mean('current_rows.sales_velocity_usd_per_day', 'previous_rows.sales_velocity_usd_per_day') }}
            as change_weight
    from velocities as current_rows
    inner join periods
        on
            current_rows.period_grain = periods.period_grain
            and current_rows.period_start = periods.period_start
    left join periods as previous_periods
        on
            periods.period_grain = previous_periods.period_grain
            and periods.period_start = previous_periods.period_end
    left join velocities as previous_rows
        on
            previous_periods.period_grain = previous_rows.period_grain
            and previous_periods.period_start = previous_rows.period_start
            and current_rows.segment_type = previous_rows.segment_type
            and current_rows.segment_value = previous_rows.segment_value
),

final as (
    select
        {{ kpi_key_columns() }},
        cast(open_opportunities as {{ dbt.type_bigint() }}) as open_opportunities,
        cast(win_rate as {{ type_double() }}) as win_rate,
        {{ round_measure("avg_won_deal_size_usd", 'usd') }} as avg_won_deal_size_usd,
        cast(avg_won_cycle_days as {{ type_double() }}) as avg_won_cycle_days,
        {{ round_measure("sales_velocity_usd_per_day", 'usd') }} as sales_velocity_usd_per_day,
        {{ round_measure("previous_sales_velocity_usd_per_day", 'usd') }}
            as previous_sales_velocity_usd_per_day,
        {{ round_measure("sales_velocity_usd_per_day - previous_sales_velocity_usd_per_day", 'usd') }}
            as velocity_change_usd_per_day,
        {{ round_measure(
            "change_weight * " ~ log_ratio('open_opportunities', 'previous_open_opportunities'),
            'usd'
        ) }} as open_opportunities_effect_usd_per_day,
        {{ round_measure(
            "change_weight * " ~ log_ratio('win_rate', 'previous_win_rate'), 'usd'
        ) }}
            as win_rate_effect_usd_per_day,
        {{ round_measure(
            "change_weight * " ~ log_ratio('avg_won_deal_size_usd', 'previous_avg_won_deal_size_usd'), 'usd'
        ) }} as deal_size_effect_usd_per_day,
        {{ round_measure(
            "change_weight * " ~ log_ratio('previous_avg_won_cycle_days', 'avg_won_cycle_days'), 'usd'
        ) }}
            as cycle_length_effect_usd_per_day
    from paired
)

select * from final
