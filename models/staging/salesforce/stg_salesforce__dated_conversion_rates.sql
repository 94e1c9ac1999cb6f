with

base as (

    select * from {{ ref('base_salesforce__dated_conversion_rates') }}

),

final as (

    select
        -- ids
        conversion_rate_id,

        -- strings
        currency_code,

        -- numerics
        conversion_rate,

        -- dates
        valid_from_date,
        valid_to_date

    from base
    where exclusion_reason is null

)

select * from final
