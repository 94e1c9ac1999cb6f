-- Sales stage duration (docs/kpis.md): closed opportunities by close date; for each open stage they
-- spent time in, the days in that stage summed over re-entries (int_opportunity_stage_durations).
-- Grain: one row per period_grain x period_start x segment_type x segment_value x stage_name.

{%- set segments = [
    {'type': 'sales_team', 'value': 'sales_team'},
    {'type': 'sales_rep', 'value': 'sales_rep_id', 'label': 'sales_rep_name'},
] %}

with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

stage_durations as (
    select * from {{ ref('int_opportunity_stage_durations') }}
),

stages as (
    select * from {{ ref('stg_salesforce__opportunity_stages') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

open_stages as (
    select stage_name
    from stages
    where
        is_active
        and not is_closed
),

closed_stage_durations as (
    select
        opportunities.opportunity_id,
        opportunities.close_date as event_date,
        opportunities.sales_rep_id,
        opportunities.sales_rep_name,
        stage_durations.stage_name,
        stage_durations.days_in_stage,
        -- read as an exact decimal once per stage, before the rows fan out (exact_avg below)
        {{ as_exact_decimal('stage_durations.days_in_stage') }} as days_in_stage_exact,
        opportunities.sales_team
    from stage_durations
    inner join opportunities
        on stage_durations.opportunity_id = opportunities.opportunity_id
    where
        opportunities.is_closed
        and opportunities.close_date is not null
),

segmented as (
    {{ unpivot_kpi_segments(
        'closed_stage_durations',
        segments,
        ['event_date', 'stage_name', 'opportunity_id', 'days_in_stage', 'days_in_stage_exact']
    ) }}
),

period_rows as (
    {{ join_kpi_periods(
        'periods',
        'segmented',
        ['opportunity_id', 'days_in_stage', 'days_in_stage_exact'],
        extra_keys=['stage_name'],
        company_spine='open_stages'
    ) }}
),

aggregated as (
    select
        {{ kpi_key_columns(cast=false) }},
        stage_name,
        count(opportunity_id) as opportunities,
        {{ exact_avg('days_in_stage_exact', exact=true) }} as avg_days_in_stage,
        {{ percentile_cont('days_in_stage', 0.5) }} as median_days_in_stage
    from period_rows
    group by
        {{ kpi_key_columns(cast=false) }},
        stage_name
),

final as (
    select
        {{ kpi_key_columns('aggregated') }},
        aggregated.stage_name,
        stages.stage_sort_order,
        aggregated.opportunities,
        {{ round_measure('aggregated.avg_days_in_stage', 'days') }} as avg_days_in_stage,
        {{ round_measure('aggregated.median_days_in_stage', 'days') }} as median_days_in_stage
    from aggregated
    left join stages
        on aggregated.stage_name = stages.stage_name
)

select * from final
