-- Upsell and cross-sell rates (docs/kpis.md): among the customers active at the period start
-- (instant period_start), the share that bought an upsell / a cross-sell line item in the period
-- (line items classified in int_line_items_classified at their close date). Which accounts are
-- customers at start and which of them were upsold / cross-sold is decided once, in
-- int_customer_periods: this mart counts them per segment. The bookings columns sum every line
-- item of that type closed in the period, whoever bought it.
-- Grain: one row per period_grain x period_start x segment_type x segment_value
-- (segments: company, sales_region of the account).

{%- set segments = [
    {'type': 'account_region', 'value': 'account_region'},
] %}

with

customer_periods as (
    select * from {{ ref('int_customer_periods') }}
),

line_items as (
    select * from {{ ref('int_line_items_classified') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

item_periods as (
    select
        periods.period_grain,
        periods.period_start,
        periods.is_complete_period,
        line_items.account_id,
        line_items.account_region,
        line_items.sale_type,
        line_items.total_price_usd
    from periods
    inner join line_items
        on
            periods.period_start <= line_items.close_date
            and periods.measured_end > line_items.close_date
),

customers_at_start as (
    select
        period_grain,
        period_start,
        is_complete_period,
        account_id,
        account_region,
        has_upsell,
        has_cross_sell
    from customer_periods
    where is_active_at_start
),

customers_segmented as (
    {{ unpivot_kpi_segments(
        'customers_at_start',
        segments,
        ['period_grain', 'period_start', 'is_complete_period', 'account_id', 'has_upsell', 'has_cross_sell']
    ) }}
),

items_segmented as (
    {{ unpivot_kpi_segments(
        'item_periods',
        segments,
        ['period_grain', 'period_start', 'is_complete_period', 'sale_type', 'total_price_usd']
    ) }}
),

customer_counts as (
    select
        {{ kpi_key_columns(cast=false) }},
        count(*) as customers_at_start,
        count(case when has_upsell then 1 end) as upsell_customers,
        count(case when has_cross_sell then 1 end) as cross_sell_customers
    from customers_segmented
    group by
        {{ kpi_key_columns(cast=false) }}
),

bookings as (
    select
        {{ kpi_key_columns(cast=false) }},
        coalesce({{ exact_sum("case when sale_type = 'upsell' then total_price_usd end") }}, 0)
            as upsell_bookings_usd,
        coalesce({{ exact_sum("case when sale_type = 'cross_sell' then total_price_usd end") }}, 0)
            as cross_sell_bookings_usd,
        coalesce({{ exact_sum("case when sale_type = 'expansion' then total_price_usd end") }}, 0)
            as expansion_bookings_usd,
        coalesce({{ exact_sum("case when sale_type = 'new_business' then total_price_usd end") }}, 0)
            as new_business_bookings_usd
    from items_segmented
    group by
        {{ kpi_key_columns(cast=false) }}
),

-- every period has a company row, other segments only where they had customers or sales
segment_keys as (
    {{ kpi_segment_keys('periods', ['customer_counts', 'bookings']) }}
),

final as (
    select
        {{ kpi_key_columns('segment_keys') }},
        coalesce(customer_counts.customers_at_start, 0) as customers_at_start,
        coalesce(customer_counts.upsell_customers, 0) as upsell_customers,
        coalesce(customer_counts.cross_sell_customers, 0) as cross_sell_customers,
        {{ round_measure(
            safe_divide('customer_counts.upsell_customers', 'customer_counts.customers_at_start'), 'rate'
        ) }} as upsell_rate,
        {{ round_measure(
            safe_divide('customer_counts.cross_sell_customers', 'customer_counts.customers_at_start'), 'rate'
        ) }} as cross_sell_rate,
        {{ round_measure('coalesce(bookings.upsell_bookings_usd, 0)', 'usd') }} as upsell_bookings_usd,
        {{ round_measure('coalesce(bookings.cross_sell_bookings_usd, 0)', 'usd') }} as cross_sell_bookings_usd,
        {{ round_measure('coalesce(bookings.expansion_bookings_usd, 0)', 'usd') }} as expansion_bookings_usd,
        {{ round_measure('coalesce(bookings.new_business_bookings_usd, 0)', 'usd') }} as new_business_bookings_usd
    from segment_keys
    left join customer_counts
        on
            segment_keys.period_grain = customer_counts.period_grain
            and segment_keys.period_start = customer_counts.period_start
            and segment_keys.segment_type = customer_counts.segment_type
            and segment_keys.segment_value = customer_counts.segment_value
    left join bookings
        on
            segment_keys.period_grain = bookings.period_grain
            and segment_keys.period_start = bookings.period_start
            and segment_keys.segment_type = bookings.segment_type
            and segment_keys.segment_value = bookings.segment_value
)

select * from final
