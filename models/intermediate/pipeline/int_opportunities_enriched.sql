-- One row per opportunity with its status, sales cycle and the attributes the KPI marts cut by:
-- the owner's team and region (role hierarchy, as it is today) and the account's geography.
-- cycle_days = close_date - created_date, only for closed opportunities that were not closed
-- before they were created (docs/kpis.md, kpi_sales_cycle_length).

with

opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

sales_reps as (
    select * from {{ ref('int_sales_reps') }}
),

accounts as (
    select * from {{ ref('stg_salesforce__accounts') }}
),

final as (
    select
        -- ids
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.owner_id as sales_rep_id,

        -- owner (the opportunity's sales rep)
        sales_reps.sales_rep_name,
        sales_reps.sales_team,
        sales_reps.sales_region,

        -- account geography
        accounts.account_name,
        coalesce(accounts.sales_region, 'Unknown') as account_sales_region,
        accounts.country_code as account_country_code,

        -- strings
        opportunities.opportunity_name,
        opportunities.opportunity_type,
        opportunities.stage_name,
        case
            when opportunities.is_won then 'won'
            when opportunities.is_closed then 'lost'
            else 'open'
        end as status,
        opportunities.forecast_category,
        opportunities.lead_source,
        opportunities.sales_channel,

        -- numerics
        opportunities.amount,
        opportunities.currency_code,
        opportunities.amount_usd,
        opportunities.probability,
        case
            when opportunities.is_closed and not coalesce(opportunities.is_closed_before_created, false)
                then cast(
                    {{ dbt.datediff('opportunities.created_date', 'opportunities.close_date', 'day') }}
                    as {{ dbt.type_bigint() }}
                )
        end as cycle_days,

        -- booleans
        opportunities.is_closed,
        opportunities.is_won,
        coalesce(opportunities.is_closed_before_created, false) as is_closed_before_created,
        opportunities.has_conversion_rate,

        -- dates and timestamps
        opportunities.created_at,
        opportunities.created_date,
        opportunities.close_date
    from opportunities
    left join sales_reps
        on opportunities.owner_id = sales_reps.sales_rep_id
    left join accounts
        on opportunities.account_id = accounts.account_id
)

select * from final
