-- Sales cycle length (docs/kpis.md): won and lost opportunities by close date, cycle_days =
-- close_date - created_date; opportunities closed before they were created are excluded.
-- Grain: one row per period_grain x period_start x segment_type x segment_value.

{%- set segments = [
    {'type': 'sales_region', 'value': 'sales_region'},
    {'type': 'sales_team', 'value': 'sales_team'},
    {'type': 'sales_rep', 'value': 'sales_rep_id', 'label': 'sales_rep_name'},
] %}

with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

closed_opportunities as (
    select
        opportunity_id,
        close_date as event_date,
        is_won,
        cycle_days,
        -- read as an exact decimal once per opportunity, before the rows fan out (exact_avg below)
        {{ as_exact_decimal('cycle_days') }} as cycle_days_exact,
        sales_rep_id,
        sales_rep_name,
        sales_region,
        sales_team
    from opportunities
    where
        is_closed
        and not is_closed_before_created
        and close_date is not null
),

segmented as (
    {{ unpivot_kpi_segments(
        'closed_opportunities',
        segments,
        ['event_date', 'opportunity_id', 'is_won', 'cycle_days', 'cycle_days_exact']
    ) }}
),

period_rows as (
    {{ join_kpi_periods('periods', 'segmented', ['opportunity_id', 'is_won', 'cycle_days', 'cycle_days_exact']) }}
),

won_cycles as (
    select
        {{ kpi_key_columns(cast=false) }},
        opportunity_id,
        is_won,
        case when is_won then cycle_days end as won_cycle_days,
        case when is_won then cycle_days_exact end as won_cycle_days_exact,
        case when not is_won then cycle_days_exact end as lost_cycle_days_exact
    from period_rows
),

final as (
    select
        {{ kpi_key_columns() }},
        count(case when is_won then opportunity_id end) as won_opportunities,
        {{ round_measure(exact_avg('won_cycle_days_exact', exact=true), 'days') }} as avg_won_cycle_days,
        {{ round_measure(percentile_cont('won_cycle_days', 0.5), 'days') }} as median_won_cycle_days,
        {{ round_measure(percentile_cont('won_cycle_days', 0.9), 'days') }} as p90_won_cycle_days,
        count(case when not is_won then opportunity_id end) as lost_opportunities,
        {{ round_measure(exact_avg('lost_cycle_days_exact', exact=true), 'days') }} as avg_lost_cycle_days
    from won_cycles
    group by
        {{ kpi_key_columns(cast=false) }}
)

select * from final
