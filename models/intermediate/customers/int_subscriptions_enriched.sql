-- One row per valid subscription started by the as-of date (staging drops those ending before
-- they start) with its product (matched on product_code) and its account's geography. An end
-- after the as-of date is still planned: every consumer measures activity up to the as-of date.

with

subscriptions as (
    select * from {{ ref('stg_billing__subscriptions') }}
),

products as (
    select * from {{ ref('stg_salesforce__products') }}
),

accounts as (
    select * from {{ ref('stg_salesforce__accounts') }}
),

data_range as (
    select * from {{ ref('int_data_range') }}
),

-- one product per code: the active one first, then the earliest created
products_by_code as (
    select
        product_code,
        product_id,
        product_name,
        product_family,
        edition_rank,
        row_number() over (
            partition by product_code
            order by case when is_active then 0 else 1 end, created_at, product_id
        ) as code_rank
    from products
    where product_code is not null
),

final as (
    select
        -- ids
        subscriptions.subscription_id,
        subscriptions.account_id,
        products_by_code.product_id,

        -- product
        subscriptions.product_code,
        products_by_code.edition_rank,

        -- account geography
        accounts.country_code as account_country_code,

        -- billing
        subscriptions.plan_interval,
        subscriptions.quantity,
        subscriptions.mrr,
        subscriptions.currency_code,
        subscriptions.subscription_status,

        -- timestamps
        subscriptions.started_at,
        subscriptions.canceled_at,
        subscriptions.ended_at,

        -- defaults for unknown products and countries
        coalesce(products_by_code.product_name, subscriptions.product_code) as product_name,
        coalesce(products_by_code.product_family, 'Unknown') as product_family,
        coalesce(accounts.account_region, 'Unknown') as account_region
    from subscriptions
    left join products_by_code
        on
            subscriptions.product_code = products_by_code.product_code
            and products_by_code.code_rank = 1
    left join accounts
        on subscriptions.account_id = accounts.account_id
    cross join data_range
    where coalesce(subscriptions.started_at < data_range.as_of_end_at, true)
)

select * from final
