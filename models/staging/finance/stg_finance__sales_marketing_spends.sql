with

base as (

    select * from {{ ref('base_finance__sales_marketing_spends') }}

),

final as (

    select
        -- ids
        spend_id,

        -- strings
        cost_category,
        cost_type,
        sales_region,
        sales_team,
        currency_code,

        -- numerics
        amount,
        amount_usd,

        -- booleans
        has_conversion_rate,

        -- dates
        spend_month

    from base
    where exclusion_reason is null

)

select * from final
