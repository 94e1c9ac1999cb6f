-- Cross-sell affinity (docs: kpi_cross_sell_affinity): of the customers that came to hold product
-- family A in the period (and did not hold family B then), the share that bought family B within
-- 12 months (int_family_cross_sell_cohorts). Cohorts count in the period of their cohort date;
-- the rate of a period is maturing while the 12 months after its last day have not passed by the
-- as-of date. Grain: one row per period_grain x period_start x segment_type x segment_value x
-- family_a x family_b.

{%- set segments = [
    {'type': 'account_region', 'value': 'account_region'},
] %}

{%- set cohort_columns = ['cohort_id', 'is_b_bought', 'is_window_complete', 'days_to_b'] %}

with

cohorts as (
    select * from {{ ref('int_family_cross_sell_cohorts') }}
),

products as (
    select * from {{ ref('dim_products') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

data_range as (
    select * from {{ ref('int_data_range') }}
),

family_pairs as (
    {{ product_family_pairs('products') }}
),

cohort_events as (
    select
        cohort_date as event_date,
        family_a,
        family_b,
        account_region,
        {{ cohort_columns | join(',\n        ') }}
    from cohorts
),

segmented as (
    {{ unpivot_kpi_segments('cohort_events', segments, ['event_date', 'family_a', 'family_b'] + cohort_columns) }}
),

period_rows as (
    {{ join_kpi_periods(
        'periods',
        'segmented',
        cohort_columns,
        extra_keys=['family_a', 'family_b'],
        company_spine='family_pairs'
    ) }}
),

aggregated as (
    select
        {{ kpi_key_columns(cast=false) }},
        family_a,
        family_b,
        count(cohort_id) as customers_holding_a,
        count(case when is_b_bought then cohort_id end) as customers_bought_b,
        count(case when is_window_complete then cohort_id end) as customers_window_complete,
        {{ percentile_cont('days_to_b', 0.5) }} as median_days_to_b
    from period_rows
    group by
        {{ kpi_key_columns(cast=false) }},
        family_a,
        family_b
),

-- a period's rate is final once the 12-month window of its last day has passed
period_maturity as (
    select
        periods.period_grain,
        periods.period_start,
        cast({{ dbt.dateadd('month', 12, dbt.dateadd('day', -1, 'periods.period_end')) }} as date)
        > data_range.as_of_date as is_window_maturing
    from periods
    cross join data_range
),

final as (
    select
        {{ kpi_key_columns('aggregated') }},
        cast(aggregated.family_a as {{ dbt.type_string() }}) as family_a,
        cast(aggregated.family_b as {{ dbt.type_string() }}) as family_b,
        cast({{ dbt.concat(["aggregated.family_a", "' -> '", "aggregated.family_b"]) }} as {{ dbt.type_string() }})
            as family_pair,
        cast(period_maturity.is_window_maturing as {{ dbt.type_boolean() }}) as is_window_maturing,
        cast(aggregated.customers_holding_a as {{ dbt.type_bigint() }}) as customers_holding_a,
        cast(aggregated.customers_window_complete as {{ dbt.type_bigint() }}) as customers_window_complete,
        cast(aggregated.customers_bought_b as {{ dbt.type_bigint() }}) as customers_bought_b,
        cast(
            {{ safe_divide('aggregated.customers_bought_b', 'aggregated.customers_holding_a') }}
            as {{ type_double() }}
        ) as cross_sell_affinity_rate,
        cast(aggregated.median_days_to_b as {{ type_double() }}) as median_days_to_b
    from aggregated
    inner join period_maturity
        on
            aggregated.period_grain = period_maturity.period_grain
            and aggregated.period_start = period_maturity.period_start
)

select * from final
