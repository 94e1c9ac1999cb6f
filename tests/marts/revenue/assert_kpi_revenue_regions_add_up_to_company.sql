-- Every account has a sales region ('Unknown' without a country), so the recognized revenue of
-- the sales_region rows adds up to the company's in every period. Returns the periods that
-- disagree by more than the mart's rounding allows (each row is rounded to cents: half a cent
-- per region and for the company).

with

kpi as (
    select * from {{ ref('kpi_revenue_growth') }}
),

company as (
    select
        period_grain,
        period_start,
        recognized_revenue_usd
    from kpi
    where segment_type = 'company'
),

regions as (
    select
        period_grain,
        period_start,
        sum(recognized_revenue_usd) as recognized_revenue_usd,
        count(*) as region_count
    from kpi
    where segment_type = 'account_region'
    group by
        period_grain,
        period_start
),

final as (
    select
        company.period_grain,
        company.period_start,
        company.recognized_revenue_usd,
        coalesce(regions.recognized_revenue_usd, 0) as sum_of_regions_usd
    from company
    left join regions
        on
            company.period_grain = regions.period_grain
            and company.period_start = regions.period_start
    where
        abs(company.recognized_revenue_usd - coalesce(regions.recognized_revenue_usd, 0))
        > 0.005 * (coalesce(regions.region_count, 0) + 1) + 0.000001
        + 0.000000000000001 * abs(company.recognized_revenue_usd)
)

select * from final
