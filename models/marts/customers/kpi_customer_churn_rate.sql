-- Customer churn rate (docs/kpis.md): for a period [s, e) with e = measured_end, customers_at_start
-- are the accounts that are active customers at the instant s, churned_customers those of them
-- that are not active at e, churn_rate = churned / at start; MRR churn uses their MRR at s.
-- Who is a customer at start, at end and churned is decided once, per account in
-- int_customer_periods and per account x product in int_customer_product_periods: this mart
-- counts them per segment.
-- Company and sales_region (account geography) count accounts; the product segment counts
-- account x product (an account that drops one product churns from that product only).
-- Grain: one row per period_grain x period_start x segment_type x segment_value.

{%- set unit_columns = [
    'period_grain', 'period_start', 'is_complete_period',
    'is_active_at_start', 'is_active_at_end', 'is_churned', 'mrr_at_start_usd',
] %}

with

-- accounts active at the start or at the end of each period
account_periods as (
    select * from {{ ref('int_customer_periods') }}
),

-- account x product units active at the start or at the end of each period
product_periods as (
    select * from {{ ref('int_customer_product_periods') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

unit_periods as (
    select
        period_grain,
        period_start,
        is_complete_period,
        is_active_at_start,
        is_active_at_end,
        is_churned,
        mrr_at_start_usd,
        account_region,
        cast(null as {{ dbt.type_string() }}) as product_code,
        cast(null as {{ dbt.type_string() }}) as product_name
    from account_periods
    union all
    select
        period_grain,
        period_start,
        is_complete_period,
        is_active_at_start,
        is_active_at_end,
        is_churned,
        mrr_at_start_usd,
        cast(null as {{ dbt.type_string() }}) as account_region,
        product_code,
        product_name
    from product_periods
),

segmented as (
    {{ unpivot_kpi_segments(
        'unit_periods',
        [
            {'type': 'product', 'value': 'product_code', 'label': 'product_name'},
            {'type': 'account_region', 'value': 'account_region'},
        ],
        unit_columns,
        include_company=false
    ) }}
    union all
    {{ unpivot_kpi_segments(
        'account_periods',
        [],
        unit_columns
    ) }}
),

aggregated as (
    select
        {{ kpi_key_columns(cast=false) }},
        count(case when is_active_at_start then 1 end) as customers_at_start,
        count(case when is_churned then 1 end) as churned_customers,
        count(case when is_active_at_end then 1 end) as customers_at_end,
        coalesce({{ exact_sum('mrr_at_start_usd') }}, 0) as mrr_at_start_usd,
        coalesce({{ exact_sum('case when is_churned then mrr_at_start_usd end') }}, 0) as churned_mrr_usd
    from segmented
    group by
        {{ kpi_key_columns(cast=false) }}
),

-- every period has a company row, other segments only where they had customers
segment_keys as (
    {{ kpi_segment_keys('periods', ['aggregated']) }}
),

final as (
    select
        {{ kpi_key_columns('segment_keys') }},
        coalesce(aggregated.customers_at_start, 0) as customers_at_start,
        coalesce(aggregated.churned_customers, 0) as churned_customers,
        coalesce(aggregated.customers_at_end, 0) as customers_at_end,
        {{ round_measure(safe_divide('aggregated.churned_customers', 'aggregated.customers_at_start'), 'rate') }}
            as churn_rate,
        {{ round_measure('coalesce(aggregated.mrr_at_start_usd, 0)', 'usd') }} as mrr_at_start_usd,
        {{ round_measure('coalesce(aggregated.churned_mrr_usd, 0)', 'usd') }} as churned_mrr_usd,
        {{ round_measure(safe_divide('aggregated.churned_mrr_usd', 'aggregated.mrr_at_start_usd'), 'rate') }}
            as gross_mrr_churn_rate
    from segment_keys
    left join aggregated
        on
            segment_keys.period_grain = aggregated.period_grain
            and segment_keys.period_start = aggregated.period_start
            and segment_keys.segment_type = aggregated.segment_type
            and segment_keys.segment_value = aggregated.segment_value
)

select * from final
