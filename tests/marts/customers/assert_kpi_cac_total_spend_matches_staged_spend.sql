-- The company's total_spend_usd of every period equals the sum of the staged sales and
-- marketing spend (in USD) of the months in the period. Returns the periods that disagree.

with

kpi as (
    select * from {{ ref('kpi_customer_acquisition_cost') }}
    where segment_type = 'company'
),

spends as (
    select * from {{ ref('stg_finance__sales_marketing_spends') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

staged_spend as (
    select
        periods.period_grain,
        periods.period_start,
        sum(spends.amount_usd) as total_spend_usd
    from periods
    inner join spends
        on
            periods.period_start <= spends.spend_month
            and periods.measured_end > spends.spend_month
    group by
        periods.period_grain,
        periods.period_start
),

final as (
    select
        kpi.period_grain,
        kpi.period_start,
        kpi.total_spend_usd,
        coalesce(staged_spend.total_spend_usd, 0) as staged_total_spend_usd
    from kpi
    left join staged_spend
        on
            kpi.period_grain = staged_spend.period_grain
            and kpi.period_start = staged_spend.period_start
    where abs(kpi.total_spend_usd - coalesce(staged_spend.total_spend_usd, 0)) > 0.01
)

select * from final
