{{ config(enabled=demo_data_in_use()) }}

-- Demo story: one Security product churns much more than every other product. Over the complete
-- months of the data, the product with the highest pooled monthly churn rate
-- (churned / customers at start, summed over the months) must be a Security product and its
-- rate at least 1.5 times the next product's. Returns the top two products when the story
-- does not hold.

with

churn as (
    select * from {{ ref('kpi_customer_churn_rate') }}
),

products as (
    select * from {{ ref('dim_products') }}
),

product_churn as (
    select
        segment_value as product_code,
        sum(churned_customers) as churned_customers,
        sum(customers_at_start) as customers_at_start,
        {{ safe_divide('sum(churned_customers)', 'sum(customers_at_start)') }} as churn_rate
    from churn
    where
        segment_type = 'product'
        and period_grain = 'month'
        and is_complete_period
    group by segment_value
),

ranked as (
    select
        product_churn.product_code,
        products.product_family,
        product_churn.churned_customers,
        product_churn.customers_at_start,
        product_churn.churn_rate,
        row_number() over (order by product_churn.churn_rate desc) as churn_rank
    from product_churn
    left join products
        on product_churn.product_code = products.product_code
    where product_churn.churn_rate is not null
),

top_two as (
    select
        max(case when churn_rank = 1 then product_family end) as top_family,
        max(case when churn_rank = 1 then churn_rate end) as top_rate,
        max(case when churn_rank = 2 then churn_rate end) as second_rate
    from ranked
),

final as (
    select
        ranked.product_code,
        ranked.product_family,
        ranked.churn_rate,
        ranked.churn_rank
    from ranked
    cross join top_two
    where
        ranked.churn_rank <= 2
        and not (
            coalesce(top_two.top_family = 'Security', false)
            and top_two.top_rate >= 1.5 * coalesce(top_two.second_rate, 0)
        )
    union all
    -- the story needs product churn to be told
    select
        null as product_code,
        null as product_family,
        null as churn_rate,
        null as churn_rank
    from (select count(*) as product_count from ranked) as counted
    where counted.product_count < 2
)

select * from final
