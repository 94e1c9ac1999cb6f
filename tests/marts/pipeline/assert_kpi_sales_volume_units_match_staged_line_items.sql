-- The company's units_sold of every period equals the sum of the quantities of the won
-- opportunities' line items with quantity > 0, recomputed from staging (docs/kpis.md,
-- kpi_sales_volume). Returns the periods that disagree.

with

kpi as (
    select * from {{ ref('kpi_sales_volume') }}
    where segment_type = 'company'
),

line_items as (
    select * from {{ ref('stg_salesforce__opportunity_line_items') }}
),

opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

staged_units as (
    select
        periods.period_grain,
        periods.period_start,
        {{ exact_sum('line_items.quantity') }} as units_sold
    from periods
    inner join opportunities
        on
            periods.period_start <= opportunities.close_date
            and periods.measured_end > opportunities.close_date
    inner join line_items
        on opportunities.opportunity_id = line_items.opportunity_id
    where
        opportunities.is_won
        and line_items.quantity > 0
    group by
        periods.period_grain,
        periods.period_start
),

final as (
    select
        kpi.period_grain,
        kpi.period_start,
        kpi.units_sold,
        coalesce(staged_units.units_sold, 0) as staged_units_sold
    from kpi
    left join staged_units
        on
            kpi.period_grain = staged_units.period_grain
            and kpi.period_start = staged_units.period_start
    where
        abs(kpi.units_sold - coalesce(staged_units.units_sold, 0))
        > 0.000001 + 0.000000000000001 * abs(coalesce(staged_units.units_sold, 0))
)

select * from final
