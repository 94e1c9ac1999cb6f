-- Rep scorecard (docs: kpi_rep_scorecard): one row per sales rep and period with the rep's
-- efficiency, effectiveness and productivity as the KPI marts define them, read from their
-- sales_rep rows (nothing is recomputed here), and the rep's rank within the team on four of them.
-- The company row of every period carries the company values of the same marts, as the benchmark.
--   efficiency    activities_per_selling_day (kpi_sales_productivity), response_rate and
--                 median_response_minutes (kpi_lead_response_time)
--   effectiveness win_rate (kpi_sales_productivity), conversion_rate and reach_rate
--                 (kpi_follow_up_4p)
--   productivity  bookings_usd / activities, bookings_per_activity_usd, won_per_100_activities
-- Only owners that are sales reps ('Standard' users, int_sales_reps.is_sales_rep) have rows; a
-- rep is ranked among the reps of its team (int_sales_reps, as it is today) that have a row in
-- the period. Grain: one row per period_grain x period_start x segment_type x segment_value.

{%- set key_columns = ['period_grain', 'period_start', 'segment_type', 'segment_value'] %}
{%- set scorecard_segments = "('company', 'sales_rep')" %}

with

productivity as (
    select * from {{ ref('kpi_sales_productivity') }}
),

lead_response as (
    select * from {{ ref('kpi_lead_response_time') }}
),

follow_up as (
    select * from {{ ref('kpi_follow_up_4p') }}
),

sales_reps as (
    select * from {{ ref('int_sales_reps') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

-- every company period and every rep-period that one of the three marts has
scorecard_keys as (
    select {{ key_columns | join(', ') }}
    from productivity
    where segment_type in {{ scorecard_segments }}
    union
    select {{ key_columns | join(', ') }}
    from lead_response
    where segment_type in {{ scorecard_segments }}
    union
    select {{ key_columns | join(', ') }}
    from follow_up
    where segment_type in {{ scorecard_segments }}
),

joined as (
    select
        scorecard_keys.period_grain,
        scorecard_keys.period_start,
        periods.is_complete_period,
        periods.is_follow_up_maturing,
        periods.is_conversion_maturing,
        scorecard_keys.segment_type,
        scorecard_keys.segment_value,
        sales_reps.sales_team,
        productivity.activities_per_selling_day,
        lead_response.response_rate,
        lead_response.median_promptness_minutes as median_response_minutes,
        productivity.win_rate,
        follow_up.conversion_rate,
        follow_up.performance_reach_rate as reach_rate,
        productivity.bookings_per_activity_usd,
        productivity.won_per_100_activities,
        case
            when scorecard_keys.segment_type = 'company' then 'Company'
            else coalesce(sales_reps.sales_rep_name, scorecard_keys.segment_value)
        end as segment_label,
        -- counts of the period: 0 when the mart has no row for the rep
        coalesce(productivity.activities, 0) as activities,
        coalesce(productivity.selling_days, 0) as selling_days,
        coalesce(lead_response.lead_requests, 0) as lead_requests,
        coalesce(productivity.won_opportunities, 0) as won_opportunities,
        coalesce(productivity.bookings_usd, 0) as bookings_usd
    from scorecard_keys
    inner join periods
        on
            scorecard_keys.period_grain = periods.period_grain
            and scorecard_keys.period_start = periods.period_start
    left join sales_reps
        on
            scorecard_keys.segment_type = 'sales_rep'
            and scorecard_keys.segment_value = sales_reps.sales_rep_id
    left join productivity
        on
            scorecard_keys.period_grain = productivity.period_grain
            and scorecard_keys.period_start = productivity.period_start
            and scorecard_keys.segment_type = productivity.segment_type
            and scorecard_keys.segment_value = productivity.segment_value
    left join lead_response
        on
            scorecard_keys.period_grain = lead_response.period_grain
            and scorecard_keys.period_start = lead_response.period_start
            and scorecard_keys.segment_type = lead_response.segment_type
            and scorecard_keys.segment_value = lead_response.segment_value
    left join follow_up
        on
            scorecard_keys.period_grain = follow_up.period_grain
            and scorecard_keys.period_start = follow_up.period_start
            and scorecard_keys.segment_type = follow_up.segment_type
            and scorecard_keys.segment_value = follow_up.segment_value
    where
        scorecard_keys.segment_type = 'company'
        or sales_reps.is_sales_rep
),

-- ranks among the reps of the same team and period (1 = best; ties share a rank; a rep
-- without a value is not ranked on it)
ranked as (
    select
        *,
        case
            when segment_type = 'sales_rep' and bookings_usd is not null
                then rank() over (
                    partition by period_grain, period_start, segment_type, sales_team
                    order by case when bookings_usd is null then 1 else 0 end, bookings_usd desc
                )
        end as bookings_rank_in_team,
        case
            when segment_type = 'sales_rep' and win_rate is not null
                then rank() over (
                    partition by period_grain, period_start, segment_type, sales_team
                    order by case when win_rate is null then 1 else 0 end, win_rate desc
                )
        end as win_rate_rank_in_team,
        case
            when segment_type = 'sales_rep' and activities_per_selling_day is not null
                then rank() over (
                    partition by period_grain, period_start, segment_type, sales_team
                    order by
                        case when activities_per_selling_day is null then 1 else 0 end,
                        activities_per_selling_day desc
                )
        end as activities_per_selling_day_rank_in_team,
        case
            when segment_type = 'sales_rep' and median_response_minutes is not null
                then rank() over (
                    partition by period_grain, period_start, segment_type, sales_team
                    order by case when median_response_minutes is null then 1 else 0 end, median_response_minutes asc
                )
        end as response_time_rank_in_team,
        case
            when segment_type = 'sales_rep'
                then count(*) over (partition by period_grain, period_start, segment_type, sales_team)
        end as team_reps
    from joined
),

final as (
    select
        {{ kpi_key_columns('ranked') }},
        cast(ranked.sales_team as {{ dbt.type_string() }}) as sales_team,
        cast(ranked.is_follow_up_maturing as {{ dbt.type_boolean() }}) as is_follow_up_maturing,
        cast(ranked.is_conversion_maturing as {{ dbt.type_boolean() }}) as is_conversion_maturing,
        -- efficiency
        cast(ranked.activities as {{ dbt.type_bigint() }}) as activities,
        cast(ranked.selling_days as {{ dbt.type_bigint() }}) as selling_days,
        cast(ranked.activities_per_selling_day as {{ type_double() }}) as activities_per_selling_day,
        cast(ranked.lead_requests as {{ dbt.type_bigint() }}) as lead_requests,
        cast(ranked.response_rate as {{ type_double() }}) as response_rate,
        cast(ranked.median_response_minutes as {{ type_double() }}) as median_response_minutes,
        -- effectiveness
        cast(ranked.won_opportunities as {{ dbt.type_bigint() }}) as won_opportunities,
        cast(ranked.win_rate as {{ type_double() }}) as win_rate,
        cast(ranked.conversion_rate as {{ type_double() }}) as conversion_rate,
        cast(ranked.reach_rate as {{ type_double() }}) as reach_rate,
        -- productivity
        cast(ranked.bookings_usd as {{ type_double() }}) as bookings_usd,
        cast(ranked.bookings_per_activity_usd as {{ type_double() }}) as bookings_per_activity_usd,
        cast(ranked.won_per_100_activities as {{ type_double() }}) as won_per_100_activities,
        -- rank within the team
        cast(ranked.team_reps as {{ dbt.type_bigint() }}) as team_reps,
        cast(ranked.bookings_rank_in_team as {{ dbt.type_bigint() }}) as bookings_rank_in_team,
        cast(ranked.win_rate_rank_in_team as {{ dbt.type_bigint() }}) as win_rate_rank_in_team,
        cast(ranked.activities_per_selling_day_rank_in_team as {{ dbt.type_bigint() }})
            as activities_per_selling_day_rank_in_team,
        cast(ranked.response_time_rank_in_team as {{ dbt.type_bigint() }}) as response_time_rank_in_team
    from ranked
)

select * from final
