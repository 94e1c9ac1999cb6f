-- Stage funnel (docs: kpi_sales_stage_funnel): per funnel stage, the opportunities that reached it
-- in the period (cohort of the period the stage was reached, int_opportunity_stage_reached), how
-- many of them reached the next stage and how many were won by the as-of date, the conversion
-- rates and the median days to the next stage. The stage with the lowest conversion of each
-- period and segment is flagged.
-- Grain: one row per period_grain x period_start x segment_type x segment_value x stage_name.

{%- set segments = [
    {'type': 'sales_region', 'value': 'sales_region'},
    {'type': 'sales_team', 'value': 'sales_team'},
    {'type': 'sales_rep', 'value': 'sales_rep_id', 'label': 'sales_rep_name'},
] %}

{%- set reach_columns = [
    'opportunity_id', 'status', 'is_skipped', 'is_next_stage_reached', 'days_to_next_stage',
] %}

with

stage_reached as (
    select * from {{ ref('int_opportunity_stage_reached') }}
),

funnel_stages as (
    select * from {{ ref('int_opportunity_funnel_stages') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

reached as (
    select
        opportunity_id,
        reached_date as event_date,
        stage_name,
        status,
        is_skipped,
        is_next_stage_reached,
        days_to_next_stage,
        sales_rep_id,
        sales_rep_name,
        sales_team,
        sales_region
    from stage_reached
),

segmented as (
    {{ unpivot_kpi_segments('reached', segments, ['event_date', 'stage_name'] + reach_columns) }}
),

period_rows as (
    {{ join_kpi_periods(
        'periods',
        'segmented',
        reach_columns,
        extra_keys=['stage_name'],
        company_spine='funnel_stages'
    ) }}
),

aggregated as (
    select
        {{ kpi_key_columns(cast=false) }},
        stage_name,
        count(opportunity_id) as opportunities_reached,
        count(case when is_skipped then opportunity_id end) as skipped_opportunities,
        count(case when is_next_stage_reached then opportunity_id end) as reached_next_stage,
        count(case when status = 'won' then opportunity_id end) as won_opportunities,
        count(case when status = 'lost' and not is_next_stage_reached then opportunity_id end)
            as lost_at_stage,
        count(case when status = 'open' and not is_next_stage_reached then opportunity_id end)
            as open_at_stage,
        {{ percentile_cont('days_to_next_stage', 0.5) }} as median_days_to_next_stage
    from period_rows
    group by
        {{ kpi_key_columns(cast=false) }},
        stage_name
),

rated as (
    select
        aggregated.*,
        funnel_stages.stage_sort_order,
        funnel_stages.funnel_step,
        funnel_stages.next_stage_name,
        {{ safe_divide('aggregated.reached_next_stage', 'aggregated.opportunities_reached') }}
            as stage_conversion_rate,
        {{ safe_divide('aggregated.won_opportunities', 'aggregated.opportunities_reached') }}
            as stage_to_won_rate
    from aggregated
    inner join funnel_stages
        on aggregated.stage_name = funnel_stages.stage_name
),

ranked as (
    select
        rated.*,
        row_number() over (
            partition by rated.period_grain, rated.period_start, rated.segment_type, rated.segment_value
            order by
                case when rated.stage_conversion_rate is null then 1 else 0 end,
                rated.stage_conversion_rate,
                rated.funnel_step
        ) as conversion_rank
    from rated
),

final as (
    select
        {{ kpi_key_columns() }},
        cast(stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(stage_sort_order as {{ dbt.type_bigint() }}) as stage_sort_order,
        cast(next_stage_name as {{ dbt.type_string() }}) as next_stage_name,
        cast(conversion_rank = 1 and stage_conversion_rate is not null as {{ dbt.type_boolean() }})
            as is_lowest_conversion_stage,
        cast(opportunities_reached as {{ dbt.type_bigint() }}) as opportunities_reached,
        cast(skipped_opportunities as {{ dbt.type_bigint() }}) as skipped_opportunities,
        cast(reached_next_stage as {{ dbt.type_bigint() }}) as reached_next_stage,
        cast(won_opportunities as {{ dbt.type_bigint() }}) as won_opportunities,
        cast(lost_at_stage as {{ dbt.type_bigint() }}) as lost_at_stage,
        cast(open_at_stage as {{ dbt.type_bigint() }}) as open_at_stage,
        cast(stage_conversion_rate as {{ type_double() }}) as stage_conversion_rate,
        cast(stage_to_won_rate as {{ type_double() }}) as stage_to_won_rate,
        {{ round_measure('median_days_to_next_stage', 'days') }} as median_days_to_next_stage
    from ranked
)

select * from final
