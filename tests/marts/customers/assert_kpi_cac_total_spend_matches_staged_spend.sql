-- The company's total_spend_usd of every period equals the sum of the staged sales and
-- marketing spend (in USD) of the months in the period (rows of another or no category are no
-- acquisition cost). Returns the periods that disagree by more than a cent (and a double's
-- precision on huge totals).

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
        {{ exact_sum('spends.amount_usd') }} as total_spend_usd
    from periods
    inner join spends
        on
            periods.period_start <= spends.spend_month
            and periods.measured_end > spends.spend_month
    where spends.cost_category in ('sales', 'marketing')
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
    where
        abs(kpi.total_spend_usd - coalesce(staged_spend.total_spend_usd, 0))
        > 0.01 + 0.000000000000001 * abs(coalesce(staged_spend.total_spend_usd, 0))
)

select * from final
