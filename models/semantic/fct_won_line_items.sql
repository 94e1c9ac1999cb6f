-- One row per line item (quantity > 0) of a won opportunity, for the semantic layer: units sold,
-- line bookings, product, channel and account geography. Selected as they are from
-- int_line_items_classified (which holds the rules); nothing is recomputed here.


with

line_items as (
    select * from {{ ref('int_line_items_classified') }}
),

final as (
    select
        -- ids
        opportunity_line_item_id,
        opportunity_id,
        account_id,
        sales_rep_id,
        product_id,

        -- strings
        product_code,
        product_family,
        sales_channel,
        account_region,
        account_country_code,
        sale_type,

        -- numerics
        quantity,
        total_price_usd,

        -- dates
        close_date
    from line_items
)

select * from final
