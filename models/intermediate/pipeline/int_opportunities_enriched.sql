-- One row per opportunity created by the as-of date, with its status, sales cycle and the
-- attributes the KPI marts cut by: the owner's team and region (int_sales_reps: role hierarchy as
-- it is today; labelled owners for queues and unknown users) and the account's geography.
-- The status is the one at the as-of date: a deal that closes after it is still open then.
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

data_range as (
    select * from {{ ref('int_data_range') }}
),

-- the opportunity as it stood at the as-of date
as_of_opportunities as (
    select
        opportunities.*,
        coalesce(
            opportunities.is_closed and opportunities.close_date <= data_range.as_of_date, false
        ) as is_closed_at_as_of
    from opportunities
    cross join data_range
    where coalesce(opportunities.created_at < data_range.as_of_end_at, true)
),

final as (
    select
        -- ids
        opportunities.opportunity_id,
        opportunities.account_id,
        {{ owner_or_unassigned('opportunities.owner_id') }} as sales_rep_id,

        -- owner (the opportunity's sales rep)
        sales_reps.sales_rep_name,
        sales_reps.sales_team,
        sales_reps.sales_region,

        -- account geography
        accounts.account_name,
        coalesce(accounts.account_region, 'Unknown') as account_region,
        accounts.country_code as account_country_code,

        -- strings
        opportunities.opportunity_name,
        opportunities.opportunity_type,
        opportunities.stage_name,
        case
            when opportunities.is_closed_at_as_of and opportunities.is_won then 'won'
            when opportunities.is_closed_at_as_of then 'lost'
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
            when opportunities.is_closed_at_as_of and not coalesce(opportunities.is_closed_before_created, false)
                then cast(
                    {{ dbt.datediff('opportunities.created_date', 'opportunities.close_date', 'day') }}
                    as {{ dbt.type_bigint() }}
                )
        end as cycle_days,

        -- booleans
        opportunities.is_closed_at_as_of as is_closed,
        opportunities.is_closed_at_as_of and opportunities.is_won as is_won,
        coalesce(opportunities.is_closed_before_created, false) as is_closed_before_created,
        opportunities.has_conversion_rate,

        -- dates and timestamps
        opportunities.created_at,
        opportunities.created_date,
        opportunities.close_date
    from as_of_opportunities as opportunities
    left join sales_reps
        on {{ owner_or_unassigned('opportunities.owner_id') }} = sales_reps.sales_rep_id
    left join accounts
        on opportunities.account_id = accounts.account_id
)

select * from final
