{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('salesforce', 'opportunity_stage') }}

with

source as (

    select * from {{ source('salesforce', 'opportunity_stage') }}

),

renamed as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as opportunity_stage_id,

        -- strings
        master_label as stage_name,
        forecast_category_name as forecast_category,

        -- numerics
        cast(sort_order as {{ dbt.type_int() }}) as stage_sort_order,
        cast(default_probability as {{ dbt.type_numeric() }}) as default_probability,

        -- booleans
        coalesce(cast(is_active as {{ dbt.type_boolean() }}), false) as is_active,
        coalesce(cast(is_closed as {{ dbt.type_boolean() }}), false) as is_closed,
        coalesce(cast(is_won as {{ dbt.type_boolean() }}), false) as is_won

    from source

),

-- no load timestamp: when an id appears twice, the row with the highest sort order is kept
ranked as (

    select
        renamed.*,
        row_number() over (
            partition by renamed.opportunity_stage_id
            order by renamed.stage_sort_order desc nulls last, renamed.stage_name asc
        ) as row_rank

    from renamed

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.opportunity_stage_id as record_id,
        {{ raw_row_key('ranked.row_rank') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.opportunity_stage_id is null then 'missing_id'
            when ranked.row_rank > 1 then 'duplicate_id'
        end as exclusion_reason,
        case
            when ranked.opportunity_stage_id is null then 'id is null'
            when ranked.row_rank > 1 then 'another row has the same id'
        end as exclusion_detail

    from ranked

)

select * from final
