with

base as (

    select * from {{ ref('base_salesforce__opportunities') }}

),

final as (

    select
        -- ids
        opportunity_id,
        account_id,
        owner_id,

        -- strings
        opportunity_name,
        opportunity_type,
        stage_name,
        currency_code,
        forecast_category,
        lead_source,
        sales_channel,

        -- numerics
        amount,
        amount_usd,
        probability,

        -- booleans
        has_conversion_rate,
        is_closed,
        is_won,
        is_closed_before_created,

        -- dates
        created_date,
        close_date,

        -- timestamps
        created_at,
        synced_at

    from base
    where exclusion_reason is null

)

select * from final
