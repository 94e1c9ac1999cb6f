-- Sales productivity (docs/kpis.md): inputs are sales activities (int_rep_activity_days: calls, emails
-- and meetings of 'Standard' users by the date they happened), outputs are opportunities won and
-- lost by close date and created by creation date, all by owner.
--   efficiency    activities_per_selling_day = activities / selling_days
--   effectiveness win_rate = won / (won + lost)
--   productivity  bookings_per_activity_usd = bookings / activities,
--                 won_per_100_activities = 100 x won / activities
-- selling_days are rep-days with at least one activity, summed over the segment's reps.
-- Owners without a team or region carry the labels of the seed owner_labels (int_sales_reps).
-- Grain: one row per period_grain x period_start x segment_type x segment_value.

{%- set segments = [
    {'type': 'sales_region', 'value': 'sales_region'},
    {'type': 'sales_team', 'value': 'sales_team'},
    {'type': 'sales_rep', 'value': 'sales_rep_id', 'label': 'sales_rep_name'},
] %}

{%- set measures = [
    'activities', 'calls', 'talk_minutes', 'selling_days', 'won_opportunities', 'lost_opportunities',
    'bookings_usd', 'opportunities_created',
] %}

{%- set exact_measures = ['talk_minutes', 'bookings_usd'] %}

with

activity_days as (
    select * from {{ ref('int_rep_activity_days') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

productivity_events as (
    select
        activity_date as event_date,
        sales_rep_id,
        sales_rep_name,
        sales_team,
        sales_region,
        activities,
        calls,
        talk_minutes,
        1 as selling_days,
        0 as won_opportunities,
        0 as lost_opportunities,
        0 as bookings_usd,
        0 as opportunities_created
    from activity_days
    union all
    select
        close_date as event_date,
        sales_rep_id,
        sales_rep_name,
        sales_team,
        sales_region,
        0 as activities,
        0 as calls,
        0 as talk_minutes,
        0 as selling_days,
        case when is_won then 1 else 0 end as won_opportunities,
        case when is_won then 0 else 1 end as lost_opportunities,
        case when is_won then coalesce(amount_usd, 0) else 0 end as bookings_usd,
        0 as opportunities_created
    from opportunities
    where
        is_closed
        and close_date is not null
    union all
    select
        created_date as event_date,
        sales_rep_id,
        sales_rep_name,
        sales_team,
        sales_region,
        0 as activities,
        0 as calls,
        0 as talk_minutes,
        0 as selling_days,
        0 as won_opportunities,
        0 as lost_opportunities,
        0 as bookings_usd,
        1 as opportunities_created
    from opportunities
    where created_date is not null
),

-- added up by month and rep before the rows fan out to segments and periods (amounts as exact
-- decimals: exact_sum(..., exact=true) then adds them as they are)
rep_events as (
    {{ sum_kpi_events_by_month(
        'periods',
        'productivity_events',
        ['sales_rep_id', 'sales_rep_name', 'sales_team', 'sales_region'],
        measures | reject('in', exact_measures) | list,
        exact_measures
    ) }}
),

segmented as (
    {{ unpivot_kpi_segments('rep_events', segments, ['event_date'] + measures) }}
),

period_rows as (
    {{ join_kpi_periods('periods', 'segmented', measures) }}
),

aggregated as (
    select
        {{ kpi_key_columns(cast=false) }},
        cast(coalesce(sum(activities), 0) as {{ dbt.type_bigint() }}) as activities,
        cast(coalesce(sum(calls), 0) as {{ dbt.type_bigint() }}) as calls,
        coalesce({{ exact_sum('talk_minutes', exact=true) }}, 0) as talk_minutes,
        cast(coalesce(sum(selling_days), 0) as {{ dbt.type_bigint() }}) as selling_days,
        cast(coalesce(sum(won_opportunities), 0) as {{ dbt.type_bigint() }}) as won_opportunities,
        cast(coalesce(sum(lost_opportunities), 0) as {{ dbt.type_bigint() }}) as lost_opportunities,
        coalesce({{ exact_sum('bookings_usd', exact=true) }}, 0) as bookings_usd,
        cast(coalesce(sum(opportunities_created), 0) as {{ dbt.type_bigint() }}) as opportunities_created
    from period_rows
    group by
        {{ kpi_key_columns(cast=false) }}
),

final as (
    select
        {{ kpi_key_columns() }},
        activities,
        calls,
        {{ round_measure('talk_minutes', 'count') }} as talk_minutes,
        selling_days,
        won_opportunities,
        lost_opportunities,
        {{ round_measure('bookings_usd', 'usd') }} as bookings_usd,
        opportunities_created,
        {{ round_measure(safe_divide('activities', 'selling_days'), 'number') }} as activities_per_selling_day,
        {{ round_measure(safe_divide('won_opportunities', 'won_opportunities + lost_opportunities'), 'rate') }}
            as win_rate,
        {{ round_measure(safe_divide('bookings_usd', 'activities'), 'usd') }} as bookings_per_activity_usd,
        {{ round_measure('100 * ' ~ safe_divide('won_opportunities', 'activities'), 'number') }}
            as won_per_100_activities
    from aggregated
)

select * from final
