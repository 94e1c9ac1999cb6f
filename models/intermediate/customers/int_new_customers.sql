-- One row per account that became a customer: its first won opportunity (earliest close date,
-- then earliest created, then id) and that opportunity's owner, to whom the new customer is
-- attributed (docs/kpis.md, kpi_customer_acquisition_cost).

with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

won_opportunities as (
    select
        opportunity_id,
        account_id,
        sales_rep_id,
        sales_rep_name,
        sales_team,
        sales_region,
        account_region,
        account_country_code,
        amount_usd,
        close_date,
        row_number() over (
            partition by account_id
            order by close_date, created_at, opportunity_id
        ) as won_rank
    from opportunities
    where
        is_won
        and account_id is not null
        and close_date is not null
),

final as (
    select
        account_id,
        opportunity_id as first_won_opportunity_id,
        close_date as acquired_date,
        sales_rep_id,
        sales_rep_name,
        sales_team,
        sales_region,
        account_region,
        account_country_code,
        amount_usd as first_won_amount_usd
    from won_opportunities
    where won_rank = 1
)

select * from final
