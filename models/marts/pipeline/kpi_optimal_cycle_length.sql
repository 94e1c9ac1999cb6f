-- Optimal cycle length (docs: kpi_optimal_cycle_length): per cycle-length bucket (seed
-- cycle_length_buckets), the deals closed in the period (by close date) with their win rate and
-- average won deal size, and the 6- and 12-month logo retention of the customers they won
-- (int_opportunity_cycle_outcomes). The retention of a period is maturing while the 6 (12)
-- months after its last day have not passed by the as-of date.
-- Grain: one row per period_grain x period_start x segment_type x segment_value x
-- cycle_length_bucket.

{%- set segments = [
    {'type': 'sales_region', 'value': 'sales_region'},
    {'type': 'sales_team', 'value': 'sales_team'},
    {'type': 'sales_rep', 'value': 'sales_rep_id', 'label': 'sales_rep_name'},
] %}

{%- set outcome_columns = [
    'opportunity_id', 'is_won', 'amount_usd', 'is_new_customer', 'is_retention_6m_due',
    'is_retained_6m', 'is_retention_12m_due', 'is_retained_12m',
] %}

with

outcomes as (
    select * from {{ ref('int_opportunity_cycle_outcomes') }}
),

buckets as (
    select * from {{ ref('cycle_length_buckets') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

data_range as (
    select * from {{ ref('int_data_range') }}
),

closed_deals as (
    select
        close_date as event_date,
        cycle_length_bucket,
        {{ outcome_columns | reject('equalto', 'amount_usd') | join(',\n        ') }},
        -- summed as an exact decimal, read once per deal before the rows fan out
        {{ as_exact_decimal('amount_usd') }} as amount_usd,
        sales_rep_id,
        sales_rep_name,
        sales_team,
        sales_region
    from outcomes
),

segmented as (
    {{ unpivot_kpi_segments('closed_deals', segments, ['event_date', 'cycle_length_bucket'] + outcome_columns) }}
),

period_rows as (
    {{ join_kpi_periods(
        'periods',
        'segmented',
        outcome_columns,
        extra_keys=['cycle_length_bucket'],
        company_spine='buckets'
    ) }}
),

aggregated as (
    select
        {{ kpi_key_columns(cast=false) }},
        cycle_length_bucket,
        count(opportunity_id) as closed_opportunities,
        count(case when is_won then opportunity_id end) as won_opportunities,
        coalesce({{ exact_sum('case when is_won then amount_usd end', exact=true) }}, 0) as bookings_usd,
        count(case when is_new_customer then opportunity_id end) as customers_won,
        count(case when is_retention_6m_due then opportunity_id end) as customers_due_6m,
        count(case when is_retained_6m then opportunity_id end) as customers_retained_6m,
        count(case when is_retention_12m_due then opportunity_id end) as customers_due_12m,
        count(case when is_retained_12m then opportunity_id end) as customers_retained_12m
    from period_rows
    group by
        {{ kpi_key_columns(cast=false) }},
        cycle_length_bucket
),

-- a period's retention is final once every customer it won is due
period_maturity as (
    select
        periods.period_grain,
        periods.period_start,
        cast({{ dbt.dateadd('month', 6, dbt.dateadd('day', -1, 'periods.period_end')) }} as date)
        > data_range.as_of_date as is_retention_6m_maturing,
        cast({{ dbt.dateadd('month', 12, dbt.dateadd('day', -1, 'periods.period_end')) }} as date)
        > data_range.as_of_date as is_retention_12m_maturing
    from periods
    cross join data_range
),

final as (
    select
        {{ kpi_key_columns('aggregated') }},
        cast(aggregated.cycle_length_bucket as {{ dbt.type_string() }}) as cycle_length_bucket,
        cast(buckets.bucket_order as {{ dbt.type_bigint() }}) as bucket_order,
        cast(period_maturity.is_retention_6m_maturing as {{ dbt.type_boolean() }}) as is_retention_6m_maturing,
        cast(period_maturity.is_retention_12m_maturing as {{ dbt.type_boolean() }}) as is_retention_12m_maturing,
        cast(aggregated.closed_opportunities as {{ dbt.type_bigint() }}) as closed_opportunities,
        cast(aggregated.won_opportunities as {{ dbt.type_bigint() }}) as won_opportunities,
        cast(
            {{ safe_divide('aggregated.won_opportunities', 'aggregated.closed_opportunities') }}
            as {{ type_double() }}
        ) as win_rate,
        {{ round_measure("aggregated.bookings_usd", 'usd') }} as bookings_usd,
        {{ round_measure(safe_divide('aggregated.bookings_usd', 'aggregated.won_opportunities'), 'usd') }}
            as avg_won_deal_size_usd,
        cast(aggregated.customers_won as {{ dbt.type_bigint() }}) as customers_won,
        cast(aggregated.customers_due_6m as {{ dbt.type_bigint() }}) as customers_due_6m,
        cast(aggregated.customers_retained_6m as {{ dbt.type_bigint() }}) as customers_retained_6m,
        cast(
            {{ safe_divide('aggregated.customers_retained_6m', 'aggregated.customers_due_6m') }}
            as {{ type_double() }}
        ) as logo_retention_6m_rate,
        cast(aggregated.customers_due_12m as {{ dbt.type_bigint() }}) as customers_due_12m,
        cast(aggregated.customers_retained_12m as {{ dbt.type_bigint() }}) as customers_retained_12m,
        cast(
            {{ safe_divide('aggregated.customers_retained_12m', 'aggregated.customers_due_12m') }}
            as {{ type_double() }}
        ) as logo_retention_12m_rate
    from aggregated
    inner join buckets
        on aggregated.cycle_length_bucket = buckets.cycle_length_bucket
    inner join period_maturity
        on
            aggregated.period_grain = period_maturity.period_grain
            and aggregated.period_start = period_maturity.period_start
)

select * from final
