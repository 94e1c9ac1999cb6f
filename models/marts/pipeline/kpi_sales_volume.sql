-- Sales volume (docs/kpis.md): line items with quantity > 0 of won opportunities, by close date.
-- Units, deals and money are three different numbers: units_sold sums quantities,
-- won_opportunities counts distinct deals, bookings_usd sums line totals in USD.
-- Grain: one row per period_grain x period_start x segment_type x segment_value.

{%- set segments = [
    {'type': 'product', 'value': 'product_code', 'label': 'product_name'},
    {'type': 'product_family', 'value': 'product_family'},
    {'type': 'sales_channel', 'value': 'sales_channel'},
    {'type': 'account_region', 'value': 'account_region'},
    {'type': 'country', 'value': 'country_code', 'label': 'country_name'},
] %}

with

line_items as (
    select * from {{ ref('int_line_items_classified') }}
),

countries as (
    select * from {{ ref('countries') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

won_line_items as (
    select
        line_items.opportunity_line_item_id,
        line_items.opportunity_id,
        line_items.close_date as event_date,
        -- summed as exact decimals, read once per line item before the rows fan out
        {{ as_exact_decimal('line_items.quantity') }} as quantity,
        {{ as_exact_decimal('line_items.total_price_usd') }} as total_price_usd,
        line_items.product_name,
        line_items.product_family,
        line_items.account_region,
        countries.country_name,
        coalesce(line_items.product_code, 'Unknown') as product_code,
        coalesce(line_items.sales_channel, 'Unknown') as sales_channel,
        coalesce(line_items.account_country_code, 'Unknown') as country_code
    from line_items
    left join countries
        on line_items.account_country_code = countries.country_code
    where line_items.close_date is not null
),

segmented as (
    {{ unpivot_kpi_segments(
        'won_line_items',
        segments,
        ['event_date', 'opportunity_line_item_id', 'opportunity_id', 'quantity', 'total_price_usd']
    ) }}
),

period_rows as (
    {{ join_kpi_periods(
        'periods',
        'segmented',
        ['opportunity_line_item_id', 'opportunity_id', 'quantity', 'total_price_usd']
    ) }}
),

final as (
    select
        {{ kpi_key_columns() }},
        {{ round_measure('coalesce(' ~ exact_sum('quantity', exact=true) ~ ', 0)', 'count') }} as units_sold,
        count(distinct opportunity_id) as won_opportunities,
        count(opportunity_line_item_id) as line_items,
        {{ round_measure('coalesce(' ~ exact_sum('total_price_usd', exact=true) ~ ', 0)', 'usd') }} as bookings_usd,
        count(case when opportunity_line_item_id is not null and total_price_usd is null then 1 end)
            as line_items_without_usd
    from period_rows
    group by
        {{ kpi_key_columns(cast=false) }}
)

select * from final
