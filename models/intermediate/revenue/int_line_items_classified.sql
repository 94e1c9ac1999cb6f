-- One row per line item (quantity > 0) of a won opportunity, classified at its close date d
-- against the account's holdings (docs/kpis.md, kpi_upsell_cross_sell_rate): the subscriptions with
-- started_at < d and (ended_at null or ended_at >= d), d taken as 00:00 UTC of the close day, so
-- an edition replaced on the close day still counts as held.
--   no holding                                                     -> new_business
--   product family not held                                        -> cross_sell
--   family held, edition_rank above the highest edition held in it -> upsell
--   otherwise (same or lower edition, product without editions)    -> expansion
-- Products without a family are compared as family 'Unknown'.

with

line_items as (
    select * from {{ ref('stg_salesforce__opportunity_line_items') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

products as (
    select * from {{ ref('stg_salesforce__products') }}
),

subscriptions as (
    select * from {{ ref('int_subscriptions_enriched') }}
),

rates as (
    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}
),

won_line_items as (
    select
        line_items.opportunity_line_item_id,
        line_items.opportunity_id,
        opportunities.account_id,
        opportunities.sales_rep_id,
        opportunities.sales_team,
        opportunities.sales_region,
        opportunities.account_region,
        opportunities.account_country_code,
        opportunities.sales_channel,
        line_items.product_id,
        products.product_code,
        products.product_name,
        products.edition_rank,
        line_items.quantity,
        line_items.unit_price,
        line_items.total_price,
        opportunities.currency_code,
        opportunities.close_date,
        coalesce(products.product_family, 'Unknown') as product_family
    from line_items
    inner join opportunities
        on line_items.opportunity_id = opportunities.opportunity_id
    left join products
        on line_items.product_id = products.product_id
    where
        opportunities.is_won
        and line_items.has_valid_quantity
),

holdings as (
    select
        won_line_items.opportunity_line_item_id,
        count(*) as held_subscriptions,
        max(
            case when subscriptions.product_family = won_line_items.product_family then 1 else 0 end
        ) as holds_family,
        max(
            case when subscriptions.product_family = won_line_items.product_family then subscriptions.edition_rank end
        ) as highest_held_edition_rank
    from won_line_items
    inner join subscriptions
        on
            won_line_items.account_id = subscriptions.account_id
            and subscriptions.started_at < cast(won_line_items.close_date as {{ dbt.type_timestamp() }})
            and (
                subscriptions.ended_at is null
                or subscriptions.ended_at >= cast(won_line_items.close_date as {{ dbt.type_timestamp() }})
            )
    group by won_line_items.opportunity_line_item_id
),

final as (
    select
        -- ids
        won_line_items.opportunity_line_item_id,
        won_line_items.opportunity_id,
        won_line_items.account_id,
        won_line_items.sales_rep_id,
        won_line_items.product_id,

        -- strings
        won_line_items.product_code,
        won_line_items.product_name,
        won_line_items.product_family,
        won_line_items.sales_channel,
        won_line_items.sales_team,
        won_line_items.sales_region,
        won_line_items.account_region,
        won_line_items.account_country_code,
        case
            when coalesce(holdings.held_subscriptions, 0) = 0 then 'new_business'
            when holdings.holds_family = 0 then 'cross_sell'
            when won_line_items.edition_rank > holdings.highest_held_edition_rank then 'upsell'
            else 'expansion'
        end as sale_type,

        -- numerics
        won_line_items.edition_rank,
        coalesce(holdings.held_subscriptions, 0) as held_subscriptions,
        holdings.highest_held_edition_rank,
        won_line_items.quantity,
        won_line_items.unit_price,
        won_line_items.total_price,
        won_line_items.currency_code,
        {{ to_usd('won_line_items.total_price', 'won_line_items.currency_code', 'close') }}
            as total_price_usd,

        -- dates
        won_line_items.close_date
    from won_line_items
    left join holdings
        on won_line_items.opportunity_line_item_id = holdings.opportunity_line_item_id
    {{ usd_rate_joins('rates', 'won_line_items.currency_code', 'won_line_items.close_date', 'close') }}
)

select * from final
