-- Does the rep who closes fastest leave unhappy customers?
--
-- For every sales rep who won deals: the median sales cycle of the rep's won opportunities
-- (fct_opportunities.cycle_days) against the churn of the customers the rep brought in (the
-- accounts whose first won opportunity the rep owned, int_new_customers). A customer has churned
-- when it is not an active customer at the end of the data although it held a subscription
-- at some point after its acquisition (dim_accounts, int_subscriptions_enriched).
-- Reps are ranked from the fastest closer; cycle_churn_correlation is the Pearson correlation,
-- over the reps, between the median cycle and the churn rate (negative: faster closers lose
-- more customers). Reps with fewer than 5 customers who subscribed are flagged as thin evidence.
--
-- Compile with `dbt compile --select fast_closers_and_churn` and run the SQL in
-- target/compiled/.../analyses/fast_closers_and_churn.sql.

with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

new_customers as (
    select * from {{ ref('int_new_customers') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

subscriptions as (
    select * from {{ ref('int_subscriptions_enriched') }}
),

sales_reps as (
    select * from {{ ref('dim_sales_reps') }}
),

rep_cycles as (
    select
        sales_rep_id,
        count(*) as won_opportunities,
        {{ percentile_cont('cycle_days', 0.5) }} as median_cycle_days
    from opportunities
    where
        is_won
        and cycle_days is not null
    group by sales_rep_id
),

subscribed_customers as (
    select distinct
        new_customers.account_id,
        new_customers.sales_rep_id
    from new_customers
    inner join subscriptions
        on
            new_customers.account_id = subscriptions.account_id
            and (
                subscriptions.ended_at is null
                or cast(subscriptions.ended_at as date) >= new_customers.acquired_date
            )
),

rep_customers as (
    select
        subscribed_customers.sales_rep_id,
        count(*) as subscribed_customers,
        count(case when not accounts.is_active_customer then 1 end) as churned_customers
    from subscribed_customers
    inner join accounts
        on subscribed_customers.account_id = accounts.account_id
    group by subscribed_customers.sales_rep_id
),

rep_summary as (
    select
        rep_cycles.sales_rep_id,
        sales_reps.sales_rep_name,
        sales_reps.sales_team,
        sales_reps.sales_region,
        rep_cycles.won_opportunities,
        rep_cycles.median_cycle_days,
        coalesce(rep_customers.subscribed_customers, 0) as subscribed_customers,
        coalesce(rep_customers.churned_customers, 0) as churned_customers,
        {{ safe_divide('rep_customers.churned_customers', 'rep_customers.subscribed_customers') }}
            as customer_churn_rate
    from rep_cycles
    left join rep_customers
        on rep_cycles.sales_rep_id = rep_customers.sales_rep_id
    left join sales_reps
        on rep_cycles.sales_rep_id = sales_reps.sales_rep_id
),

final as (
    select
        sales_rep_id,
        sales_rep_name,
        sales_team,
        sales_region,
        won_opportunities,
        median_cycle_days,
        subscribed_customers,
        churned_customers,
        customer_churn_rate,
        rank() over (order by median_cycle_days) as speed_rank,
        avg(customer_churn_rate) over () as avg_rep_churn_rate,
        corr(median_cycle_days, customer_churn_rate) over () as cycle_churn_correlation,
        subscribed_customers < 5 as is_thin_evidence
    from rep_summary
)

select * from final
order by speed_rank
