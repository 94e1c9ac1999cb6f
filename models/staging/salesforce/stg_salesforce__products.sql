with

base as (

    select * from {{ ref('base_salesforce__products') }}

),

final as (

    select
        -- ids
        product_id,

        -- strings
        product_name,
        product_code,
        product_family,

        -- numerics
        edition_rank,

        -- booleans
        is_active,

        -- timestamps
        created_at,
        synced_at

    from base
    where exclusion_reason is null

)

select * from final
