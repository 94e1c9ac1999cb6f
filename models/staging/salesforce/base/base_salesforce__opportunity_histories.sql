{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('salesforce', 'opportunity_history') }}

with

source as (

    select * from {{ source('salesforce', 'opportunity_history') }}

),

renamed as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as opportunity_history_id,
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,

        -- strings
        stage_name,

        -- numerics
        cast(amount as {{ dbt.type_numeric() }}) as amount,
        cast(probability as {{ dbt.type_numeric() }}) as probability,

        -- booleans
        coalesce(cast(is_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,

        -- dates
        cast(close_date as date) as close_date,

        -- timestamps
        cast(created_date as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at

    from source

),

ranked as (

    select
        renamed.*,
        row_number() over (
            partition by renamed.opportunity_history_id
            order by renamed.synced_at desc nulls last
        ) as sync_rank,
        max(renamed.synced_at) over (partition by renamed.opportunity_history_id) as latest_synced_at

    from renamed

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.opportunity_history_id as record_id,
        {{ raw_row_key('ranked.sync_rank', 'ranked.synced_at') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.opportunity_history_id is null then 'missing_id'
            when ranked.sync_rank > 1 then 'superseded_by_resync'
            when ranked.is_deleted then 'soft_deleted'
        end as exclusion_reason,
        case
            when ranked.opportunity_history_id is null then 'id is null'
            when ranked.sync_rank > 1
                then
                    'a later row of this id was synced at '
                    || cast(ranked.latest_synced_at as {{ dbt.type_string() }})
            when ranked.is_deleted then 'is_deleted is true in the latest sync'
        end as exclusion_detail

    from ranked

)

select * from final
