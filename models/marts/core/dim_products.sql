-- One row per product of the CRM price book (product_2), with its family and edition rank.

with

products as (
    select * from {{ ref('stg_salesforce__products') }}
),

final as (
    select
        product_id,
        product_code,
        product_name,
        product_family,
        edition_rank,
        is_active,
        created_at
    from products
)

select * from final
