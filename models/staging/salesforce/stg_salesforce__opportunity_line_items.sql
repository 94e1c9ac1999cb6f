with

base as (

    select * from {{ ref('base_salesforce__opportunity_line_items') }}

),

final as (

    select
        -- ids
        opportunity_line_item_id,
        opportunity_id,
        product_id,

        -- numerics
        quantity,
        unit_price,
        total_price,

        -- booleans
        has_valid_quantity,

        -- timestamps
        created_at,
        synced_at

    from base
    where exclusion_reason is null

)

select * from final
