with

base as (

    select * from {{ ref('base_billing__subscriptions') }}

),

final as (

    select
        -- ids
        subscription_id,
        account_id,

        -- strings
        product_code,
        plan_interval,
        currency_code,
        subscription_status,

        -- numerics
        quantity,
        mrr,

        -- timestamps
        started_at,
        canceled_at,
        ended_at,
        created_at

    from base
    where exclusion_reason is null

)

select * from final
