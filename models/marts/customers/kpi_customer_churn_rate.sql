-- Customer churn rate (kpis.md): for a period [s, e) with e = measured_end, customers_at_start
-- are the accounts that are active customers at the instant s, churned_customers those of them
-- that are not active at e, churn_rate = churned / at start; MRR churn uses their MRR at s.
-- A customer who leaves and comes back inside the period is active at e: not churned; one who
-- starts inside the period is not in the denominator.
-- Company and sales_region (account geography) count accounts; the product segment counts
-- account x product (an account that drops one product churns from that product only).
-- Grain: one row per period_grain x period_start x segment_type x segment_value.

with

customer_snapshots as (
    select * from {{ ref('int_customer_snapshots') }}
),

product_snapshots as (
    select * from {{ ref('int_customer_product_snapshots') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

-- accounts active at the start or at the end of each period
account_boundaries as (
    select
        periods.period_grain,
        periods.period_start,
        periods.is_complete_period,
        customer_snapshots.account_id,
        customer_snapshots.account_sales_region,
        case when customer_snapshots.snapshot_date = periods.period_start then 1 else 0 end as is_at_start,
        case when customer_snapshots.snapshot_date = periods.measured_end then 1 else 0 end as is_at_end,
        case when customer_snapshots.snapshot_date = periods.period_start then customer_snapshots.mrr_usd end
            as mrr_at_start_usd
    from periods
    inner join customer_snapshots
        on
            periods.period_start = customer_snapshots.snapshot_date
            or periods.measured_end = customer_snapshots.snapshot_date
),

account_periods as (
    select
        period_grain,
        period_start,
        is_complete_period,
        account_id,
        account_sales_region,
        max(is_at_start) as is_at_start,
        max(is_at_end) as is_at_end,
        sum(mrr_at_start_usd) as mrr_at_start_usd
    from account_boundaries
    group by
        period_grain,
        period_start,
        is_complete_period,
        account_id,
        account_sales_region
),

-- account x product units active at the start or at the end of each period
product_boundaries as (
    select
        periods.period_grain,
        periods.period_start,
        periods.is_complete_period,
        product_snapshots.account_id,
        product_snapshots.product_code,
        product_snapshots.product_name,
        case when product_snapshots.snapshot_date = periods.period_start then 1 else 0 end as is_at_start,
        case when product_snapshots.snapshot_date = periods.measured_end then 1 else 0 end as is_at_end,
        case when product_snapshots.snapshot_date = periods.period_start then product_snapshots.mrr_usd end
            as mrr_at_start_usd
    from periods
    inner join product_snapshots
        on
            periods.period_start = product_snapshots.snapshot_date
            or periods.measured_end = product_snapshots.snapshot_date
),

product_periods as (
    select
        period_grain,
        period_start,
        is_complete_period,
        account_id,
        product_code,
        product_name,
        max(is_at_start) as is_at_start,
        max(is_at_end) as is_at_end,
        sum(mrr_at_start_usd) as mrr_at_start_usd
    from product_boundaries
    group by
        period_grain,
        period_start,
        is_complete_period,
        account_id,
        product_code,
        product_name
),

unit_periods as (
    select
        period_grain,
        period_start,
        is_complete_period,
        is_at_start,
        is_at_end,
        mrr_at_start_usd,
        account_sales_region,
        cast(null as {{ dbt.type_string() }}) as product_code,
        cast(null as {{ dbt.type_string() }}) as product_name
    from account_periods
    union all
    select
        period_grain,
        period_start,
        is_complete_period,
        is_at_start,
        is_at_end,
        mrr_at_start_usd,
        cast(null as {{ dbt.type_string() }}) as account_sales_region,
        product_code,
        product_name
    from product_periods
),

segmented as (
    {{ unpivot_kpi_segments(
        'unit_periods',
        [
            {'type': 'product', 'value': 'product_code', 'label': 'product_name'},
            {'type': 'sales_region', 'value': 'account_sales_region'},
        ],
        ['period_grain', 'period_start', 'is_complete_period', 'is_at_start', 'is_at_end', 'mrr_at_start_usd'],
        include_company=false
    ) }}
    union all
    {{ unpivot_kpi_segments(
        'account_periods',
        [],
        ['period_grain', 'period_start', 'is_complete_period', 'is_at_start', 'is_at_end', 'mrr_at_start_usd']
    ) }}
),

aggregated as (
    select
        period_grain,
        period_start,
        segment_type,
        segment_value,
        segment_label,
        count(case when is_at_start = 1 then 1 end) as customers_at_start,
        count(case when is_at_start = 1 and is_at_end = 0 then 1 end) as churned_customers,
        count(case when is_at_end = 1 then 1 end) as customers_at_end,
        coalesce(sum(mrr_at_start_usd), 0) as mrr_at_start_usd,
        coalesce(sum(case when is_at_start = 1 and is_at_end = 0 then mrr_at_start_usd end), 0)
            as churned_mrr_usd
    from segmented
    group by
        period_grain,
        period_start,
        segment_type,
        segment_value,
        segment_label
),

-- every period has a company row, other segments only where they had customers
segment_keys as (
    select
        period_grain,
        period_start,
        is_complete_period,
        'company' as segment_type,
        'all' as segment_value,
        'Company' as segment_label
    from periods
    union
    select
        periods.period_grain,
        periods.period_start,
        periods.is_complete_period,
        aggregated.segment_type,
        aggregated.segment_value,
        aggregated.segment_label
    from aggregated
    inner join periods
        on
            aggregated.period_grain = periods.period_grain
            and aggregated.period_start = periods.period_start
),

final as (
    select
        segment_keys.period_grain,
        segment_keys.period_start,
        segment_keys.is_complete_period,
        segment_keys.segment_type,
        segment_keys.segment_value,
        segment_keys.segment_label,
        coalesce(aggregated.customers_at_start, 0) as customers_at_start,
        coalesce(aggregated.churned_customers, 0) as churned_customers,
        coalesce(aggregated.customers_at_end, 0) as customers_at_end,
        {{ safe_divide('aggregated.churned_customers', 'aggregated.customers_at_start') }} as churn_rate,
        coalesce(aggregated.mrr_at_start_usd, 0) as mrr_at_start_usd,
        coalesce(aggregated.churned_mrr_usd, 0) as churned_mrr_usd,
        {{ safe_divide('aggregated.churned_mrr_usd', 'aggregated.mrr_at_start_usd') }} as gross_mrr_churn_rate
    from segment_keys
    left join aggregated
        on
            segment_keys.period_grain = aggregated.period_grain
            and segment_keys.period_start = aggregated.period_start
            and segment_keys.segment_type = aggregated.segment_type
            and segment_keys.segment_value = aggregated.segment_value
)

select * from final
