-- Pipeline waterfall (docs: kpi_pipeline_waterfall): the open pipeline at each period's start and
-- end as the opportunity history recorded it, and what moved it in the period: created, reopened,
-- amount changes, won, lost (int_pipeline_changes, by the date of the change); the deals that
-- slipped out of the period; the coverage of the next period's bookings.
--   open_pipeline_end_usd = open_pipeline_start_usd + created + reopened + amount change - won - lost
-- Grain: one row per period_grain x period_start x segment_type x segment_value.

{%- set segments = [
    {'type': 'sales_region', 'value': 'sales_region'},
    {'type': 'sales_team', 'value': 'sales_team'},
    {'type': 'sales_rep', 'value': 'sales_rep_id', 'label': 'sales_rep_name'},
] %}

{#- what each change adds to its period: amounts (exact sums) and counts of changes -#}
{%- set change_amounts = [
    'open_pipeline_change_usd', 'created_pipeline_usd', 'reopened_pipeline_usd', 'amount_change_usd',
    'won_pipeline_usd', 'lost_pipeline_usd',
] %}

{%- set change_counts = [
    'open_opportunities_change', 'created_opportunities', 'reopened_opportunities',
    'won_opportunities', 'lost_opportunities',
] %}

{%- set slip_columns = [
    'opportunity_id', 'open_amount_usd', 'expected_close_date', 'previous_expected_close_date',
] %}

{%- set flow_columns = [
    'open_pipeline_change_usd', 'open_opportunities_change', 'created_pipeline_usd',
    'created_opportunities', 'reopened_pipeline_usd', 'reopened_opportunities', 'amount_change_usd',
    'won_pipeline_usd', 'won_opportunities', 'lost_pipeline_usd', 'lost_opportunities',
    'slipped_pipeline_usd', 'slipped_opportunities',
] %}

with

changes as (
    select * from {{ ref('int_pipeline_changes') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

-- the flows add up: each change's amounts and counts, summed by month and rep before the rows fan
-- out to segments and periods (amounts as exact decimals: exact_sum(..., exact=true) then adds
-- them as they are)
change_events as (
    select
        changed_date as event_date,
        open_pipeline_change_usd,
        created_pipeline_usd,
        reopened_pipeline_usd,
        amount_change_usd,
        won_pipeline_usd,
        lost_pipeline_usd,
        open_opportunities_change,
        sales_rep_id,
        sales_rep_name,
        sales_team,
        sales_region,
        case when is_created_open and opportunity_id is not null then 1 else 0 end as created_opportunities,
        case when is_reopening and opportunity_id is not null then 1 else 0 end as reopened_opportunities,
        case when is_won_change and opportunity_id is not null then 1 else 0 end as won_opportunities,
        case when is_lost_change and opportunity_id is not null then 1 else 0 end as lost_opportunities
    from changes
),

monthly_changes as (
    {{ sum_kpi_events_by_month(
        'periods',
        'change_events',
        ['sales_rep_id', 'sales_rep_name', 'sales_team', 'sales_region'],
        change_counts,
        change_amounts
    ) }}
),

segmented as (
    {{ unpivot_kpi_segments(
        'monthly_changes', segments, ['event_date'] + change_amounts + change_counts
    ) }}
),

period_rows as (
    {{ join_kpi_periods('periods', 'segmented', change_amounts + change_counts) }}
),

changes_by_period as (
    select
        {{ kpi_key_columns(cast=false) }},
        {{ exact_sum('open_pipeline_change_usd', exact=true) }} as open_pipeline_change_usd,
        {{ exact_sum('created_pipeline_usd', exact=true) }} as created_pipeline_usd,
        {{ exact_sum('reopened_pipeline_usd', exact=true) }} as reopened_pipeline_usd,
        {{ exact_sum('amount_change_usd', exact=true) }} as amount_change_usd,
        {{ exact_sum('won_pipeline_usd', exact=true) }} as won_pipeline_usd,
        {{ exact_sum('lost_pipeline_usd', exact=true) }} as lost_pipeline_usd,
        coalesce(sum(open_opportunities_change), 0) as open_opportunities_change,
        coalesce(sum(created_opportunities), 0) as created_opportunities,
        coalesce(sum(reopened_opportunities), 0) as reopened_opportunities,
        coalesce(sum(won_opportunities), 0) as won_opportunities,
        coalesce(sum(lost_opportunities), 0) as lost_opportunities
    from period_rows
    group by
        {{ kpi_key_columns(cast=false) }}
),

-- a change slips a deal when it moves an open deal's expected close date from before the end of
-- the period in which the change is made to its end or later: only changes that move an open
-- deal's date later can (a few percent of them) and only they go through the periods one by one
slip_candidates as (
    select
        changed_date as event_date,
        opportunity_id,
        -- read as an exact decimal once per change (exact_sum(..., exact=true) below)
        {{ as_exact_decimal('open_amount_usd') }} as open_amount_usd,
        expected_close_date,
        previous_expected_close_date,
        sales_rep_id,
        sales_rep_name,
        sales_team,
        sales_region
    from changes
    where
        was_open
        and is_open
        and previous_expected_close_date < expected_close_date
),

slip_segmented as (
    {{ unpivot_kpi_segments('slip_candidates', segments, ['event_date'] + slip_columns) }}
),

slip_period_rows as (
    {{ join_kpi_periods('periods', 'slip_segmented', slip_columns) }}
),

period_slips as (
    select slip_period_rows.*
    from slip_period_rows
    inner join periods
        on
            slip_period_rows.period_grain = periods.period_grain
            and slip_period_rows.period_start = periods.period_start
    where
        slip_period_rows.previous_expected_close_date < periods.period_end
        and slip_period_rows.expected_close_date >= periods.period_end
),

-- a deal slipped twice in a period counts once, at the highest amount it slipped with
slipped_deals as (
    select
        {{ kpi_key_columns(cast=false) }},
        opportunity_id,
        max(open_amount_usd) as slipped_usd
    from period_slips
    group by
        {{ kpi_key_columns(cast=false) }},
        opportunity_id
),

slips as (
    select
        {{ kpi_key_columns(cast=false) }},
        count(opportunity_id) as slipped_opportunities,
        {{ exact_sum('slipped_usd', exact=true) }} as slipped_pipeline_usd
    from slipped_deals
    group by
        {{ kpi_key_columns(cast=false) }}
),

flows as (
    select
        changes_by_period.*,
        slips.slipped_pipeline_usd,
        slips.slipped_opportunities
    from changes_by_period
    left join slips
        on
            changes_by_period.period_grain = slips.period_grain
            and changes_by_period.period_start = slips.period_start
            and changes_by_period.segment_type = slips.segment_type
            and changes_by_period.segment_value = slips.segment_value
),

balances as (
    {{ running_kpi_balances(
        'periods',
        'flows',
        flow_columns,
        {
            'open_pipeline_end_usd': 'open_pipeline_change_usd',
            'open_opportunities_end': 'open_opportunities_change',
        }
    ) }}
),

-- bookings (won amount by close date, as in kpi_sales_productivity), for the coverage
won_deals as (
    select
        close_date as event_date,
        opportunity_id,
        -- summed as an exact decimal, read once per deal before the rows fan out
        {{ as_exact_decimal('amount_usd') }} as amount_usd,
        sales_rep_id,
        sales_rep_name,
        sales_team,
        sales_region
    from opportunities
    where
        is_won
        and close_date is not null
),

won_segmented as (
    {{ unpivot_kpi_segments('won_deals', segments, ['event_date', 'opportunity_id', 'amount_usd']) }}
),

won_period_rows as (
    {{ join_kpi_periods('periods', 'won_segmented', ['opportunity_id', 'amount_usd']) }}
),

bookings as (
    select
        {{ kpi_key_columns(cast=false) }},
        coalesce({{ exact_sum('amount_usd', exact=true) }}, 0) as bookings_usd
    from won_period_rows
    group by
        {{ kpi_key_columns(cast=false) }}
),

final as (
    select
        {{ kpi_key_columns('balances') }},
        cast(coalesce(not next_periods.is_complete_period, true) as {{ dbt.type_boolean() }})
            as is_coverage_maturing,
        {{ round_measure("balances.open_pipeline_end_usd - balances.open_pipeline_change_usd", 'usd') }}
            as open_pipeline_start_usd,
        cast(balances.open_opportunities_end - balances.open_opportunities_change as {{ dbt.type_bigint() }})
            as open_opportunities_start,
        {{ round_measure("balances.created_pipeline_usd", 'usd') }} as created_pipeline_usd,
        cast(balances.created_opportunities as {{ dbt.type_bigint() }}) as created_opportunities,
        {{ round_measure("balances.reopened_pipeline_usd", 'usd') }} as reopened_pipeline_usd,
        cast(balances.reopened_opportunities as {{ dbt.type_bigint() }}) as reopened_opportunities,
        {{ round_measure("balances.amount_change_usd", 'usd') }} as amount_change_usd,
        {{ round_measure("balances.won_pipeline_usd", 'usd') }} as won_pipeline_usd,
        cast(balances.won_opportunities as {{ dbt.type_bigint() }}) as won_opportunities,
        {{ round_measure("balances.lost_pipeline_usd", 'usd') }} as lost_pipeline_usd,
        cast(balances.lost_opportunities as {{ dbt.type_bigint() }}) as lost_opportunities,
        {{ round_measure("balances.open_pipeline_end_usd", 'usd') }} as open_pipeline_end_usd,
        cast(balances.open_opportunities_end as {{ dbt.type_bigint() }}) as open_opportunities_end,
        {{ round_measure("balances.slipped_pipeline_usd", 'usd') }} as slipped_pipeline_usd,
        cast(balances.slipped_opportunities as {{ dbt.type_bigint() }}) as slipped_opportunities,
        case
            when next_periods.is_complete_period
                then {{ round_measure('coalesce(next_bookings.bookings_usd, 0)', 'usd') }}
        end as next_period_bookings_usd,
        cast(
            case
                when next_periods.is_complete_period
                    then {{ safe_divide(
                        round_double('balances.open_pipeline_end_usd', 2), 'next_bookings.bookings_usd'
                    ) }}
            end
            as {{ type_double() }}
        ) as pipeline_coverage
    from balances
    inner join periods
        on
            balances.period_grain = periods.period_grain
            and balances.period_start = periods.period_start
    left join periods as next_periods
        on
            periods.period_grain = next_periods.period_grain
            and periods.period_end = next_periods.period_start
    left join bookings as next_bookings
        on
            periods.period_grain = next_bookings.period_grain
            and periods.period_end = next_bookings.period_start
            and balances.segment_type = next_bookings.segment_type
            and balances.segment_value = next_bookings.segment_value
    -- a segment without open pipeline and without any change in the period has no row
    where
        balances.segment_type = 'company'
        or balances.open_opportunities_end <> 0
        or balances.open_opportunities_change <> 0
        or balances.created_opportunities + balances.reopened_opportunities + balances.won_opportunities
        + balances.lost_opportunities > 0
)

select * from final
