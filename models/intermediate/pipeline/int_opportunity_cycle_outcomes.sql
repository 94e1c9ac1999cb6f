-- One row per closed opportunity with a sales cycle (won or lost by the as-of date, not closed
-- before it was created; docs: kpi_optimal_cycle_length): its cycle-length bucket (seed
-- cycle_length_buckets: min_cycle_days <= cycle_days <= max_cycle_days, no maximum for the last
-- bucket), its outcome, and for the won deal that made its account a customer
-- (int_new_customers) whether the customer was still active 6 and 12 months after the close date.
-- A customer is active at an instant when one of its subscriptions started at or before it and
-- had not ended by then; the retention at N months is only known (due) once the date N months
-- after the close date is on or before the as-of date.

with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

buckets as (
    select * from {{ ref('cycle_length_buckets') }}
),

new_customers as (
    select * from {{ ref('int_new_customers') }}
),

subscriptions as (
    select * from {{ ref('int_subscriptions_enriched') }}
),

data_range as (
    select * from {{ ref('int_data_range') }}
),

closed_opportunities as (
    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.sales_rep_id,
        opportunities.sales_rep_name,
        opportunities.sales_team,
        opportunities.sales_region,
        opportunities.is_won,
        opportunities.amount_usd,
        opportunities.cycle_days,
        opportunities.close_date,
        buckets.cycle_length_bucket,
        buckets.bucket_order
    from opportunities
    inner join buckets
        on
            opportunities.cycle_days >= buckets.min_cycle_days
            and (buckets.max_cycle_days is null or opportunities.cycle_days <= buckets.max_cycle_days)
    where
        opportunities.is_closed
        and opportunities.cycle_days is not null
),

-- the customers these deals won, with the dates their retention is read at
won_customers as (
    select
        new_customers.first_won_opportunity_id as opportunity_id,
        new_customers.account_id,
        cast({{ dbt.dateadd('month', 6, 'new_customers.acquired_date') }} as date) as retention_6m_date,
        cast({{ dbt.dateadd('month', 12, 'new_customers.acquired_date') }} as date) as retention_12m_date
    from new_customers
),

customer_activity as (
    select
        won_customers.opportunity_id,
        won_customers.retention_6m_date,
        won_customers.retention_12m_date,
        max(
            case
                when
                    subscriptions.started_at <= cast(won_customers.retention_6m_date as {{ dbt.type_timestamp() }})
                    and (
                        subscriptions.ended_at is null
                        or subscriptions.ended_at > cast(won_customers.retention_6m_date as {{ dbt.type_timestamp() }})
                    )
                    then 1
                else 0
            end
        ) as is_active_at_6m,
        max(
            case
                when
                    subscriptions.started_at <= cast(won_customers.retention_12m_date as {{ dbt.type_timestamp() }})
                    and (
                        subscriptions.ended_at is null
                        or subscriptions.ended_at > cast(won_customers.retention_12m_date as {{ dbt.type_timestamp() }})
                    )
                    then 1
                else 0
            end
        ) as is_active_at_12m
    from won_customers
    left join subscriptions
        on won_customers.account_id = subscriptions.account_id
    group by
        won_customers.opportunity_id,
        won_customers.retention_6m_date,
        won_customers.retention_12m_date
),

final as (
    select
        -- ids
        closed_opportunities.opportunity_id,
        closed_opportunities.account_id,
        closed_opportunities.sales_rep_id,

        -- cycle
        closed_opportunities.cycle_length_bucket,
        closed_opportunities.bucket_order,
        closed_opportunities.cycle_days,

        -- owner
        closed_opportunities.sales_rep_name,
        closed_opportunities.sales_team,
        closed_opportunities.sales_region,

        -- outcome
        closed_opportunities.amount_usd,
        closed_opportunities.is_won,

        -- dates
        closed_opportunities.close_date,
        customer_activity.retention_6m_date,
        customer_activity.retention_12m_date,

        -- the customer the deal won and its retention
        customer_activity.opportunity_id is not null as is_new_customer,
        coalesce(customer_activity.retention_6m_date <= data_range.as_of_date, false) as is_retention_6m_due,
        coalesce(customer_activity.retention_12m_date <= data_range.as_of_date, false) as is_retention_12m_due,
        case
            when customer_activity.retention_6m_date <= data_range.as_of_date
                then customer_activity.is_active_at_6m = 1
        end as is_retained_6m,
        case
            when customer_activity.retention_12m_date <= data_range.as_of_date
                then customer_activity.is_active_at_12m = 1
        end as is_retained_12m
    from closed_opportunities
    left join customer_activity
        on closed_opportunities.opportunity_id = customer_activity.opportunity_id
    cross join data_range
)

select * from final
