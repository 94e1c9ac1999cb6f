with

base as (

    select * from {{ ref('base_salesforce__opportunity_stages') }}

),

final as (

    select
        -- ids
        opportunity_stage_id,

        -- strings
        stage_name,
        forecast_category,

        -- numerics
        stage_sort_order,
        default_probability,

        -- booleans
        is_active,
        is_closed,
        is_won

    from base
    where exclusion_reason is null

)

select * from final
