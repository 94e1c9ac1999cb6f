{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('salesforce', 'user_role') }}

with

source as (

    select * from {{ source('salesforce', 'user_role') }}

),

renamed as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as user_role_id,
        cast(parent_role_id as {{ dbt.type_string() }}) as parent_role_id,

        -- strings
        trim(name) as role_name,

        -- timestamps
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at

    from source

),

ranked as (

    select
        renamed.*,
        row_number() over (
            partition by renamed.user_role_id
            order by renamed.synced_at desc nulls last
        ) as sync_rank,
        max(renamed.synced_at) over (partition by renamed.user_role_id) as latest_synced_at

    from renamed

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.user_role_id as record_id,
        {{ raw_row_key('ranked.sync_rank', 'ranked.synced_at') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.user_role_id is null then 'missing_id'
            when ranked.sync_rank > 1 then 'superseded_by_resync'
        end as exclusion_reason,
        case
            when ranked.user_role_id is null then 'id is null'
            when ranked.sync_rank > 1
                then
                    'a later row of this id was synced at '
                    || cast(ranked.latest_synced_at as {{ dbt.type_string() }})
        end as exclusion_detail

    from ranked

)

select * from final
