{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('salesforce', 'opportunity_line_item') }}

with

source as (

    select * from {{ source('salesforce', 'opportunity_line_item') }}

),

renamed as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as opportunity_line_item_id,
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(product_2_id as {{ dbt.type_string() }}) as product_id,

        -- numerics
        cast(quantity as {{ dbt.type_numeric() }}) as quantity,
        cast(unit_price as {{ dbt.type_numeric() }}) as unit_price,
        cast(total_price as {{ dbt.type_numeric() }}) as total_price,

        -- booleans
        coalesce(quantity > 0, false) as has_valid_quantity,
        coalesce(cast(is_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,

        -- timestamps
        cast(created_date as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at

    from source

),

ranked as (

    select
        renamed.*,
        row_number() over (
            partition by renamed.opportunity_line_item_id
            order by renamed.synced_at desc nulls last
        ) as sync_rank,
        max(renamed.synced_at) over (partition by renamed.opportunity_line_item_id) as latest_synced_at

    from renamed

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.opportunity_line_item_id as record_id,
        {{ raw_row_key('ranked.sync_rank', 'ranked.synced_at') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.opportunity_line_item_id is null then 'missing_id'
            when ranked.sync_rank > 1 then 'superseded_by_resync'
            when ranked.is_deleted then 'soft_deleted'
        end as exclusion_reason,
        case
            when ranked.opportunity_line_item_id is null then 'id is null'
            when ranked.sync_rank > 1
                then
                    'a later row of this id was synced at '
                    || cast(ranked.latest_synced_at as {{ dbt.type_string() }})
            when ranked.is_deleted then 'is_deleted is true in the latest sync'
        end as exclusion_detail,

        -- flags (the row is kept)
        not ranked.has_valid_quantity as has_invalid_quantity

    from ranked

)

select * from final
