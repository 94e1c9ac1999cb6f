with

base as (

    select * from {{ ref('base_salesforce__opportunity_histories') }}

),

final as (

    select
        -- ids
        opportunity_history_id,
        opportunity_id,

        -- strings
        stage_name,

        -- numerics
        amount,
        probability,

        -- dates
        close_date,

        -- timestamps
        created_at,
        synced_at

    from base
    where exclusion_reason is null

)

select * from final
