{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('salesforce', 'user') }}

with

source as (

    select * from {{ source('salesforce', 'user') }}

),

renamed as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as user_id,
        cast(user_role_id as {{ dbt.type_string() }}) as user_role_id,
        cast(manager_id as {{ dbt.type_string() }}) as manager_id,

        -- strings
        trim(first_name) as first_name,
        trim(last_name) as last_name,
        coalesce(
            nullif(trim(name), ''),
            nullif(trim(coalesce(trim(first_name), '') || ' ' || coalesce(trim(last_name), '')), '')
        ) as full_name,
        {{ normalize_email('email') }} as email,
        nullif(trim(email), '') as raw_email,
        user_type,
        time_zone_sid_key as time_zone,

        -- booleans
        coalesce(cast(is_active as {{ dbt.type_boolean() }}), false) as is_active,
        coalesce(user_type = 'Standard', false) as is_sales_rep,

        -- timestamps
        cast(created_date as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at

    from source

),

ranked as (

    select
        renamed.*,
        row_number() over (
            partition by renamed.user_id
            order by renamed.synced_at desc nulls last
        ) as sync_rank,
        max(renamed.synced_at) over (partition by renamed.user_id) as latest_synced_at

    from renamed

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.user_id as record_id,
        {{ raw_row_key('ranked.sync_rank', 'ranked.synced_at') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.user_id is null then 'missing_id'
            when ranked.sync_rank > 1 then 'superseded_by_resync'
        end as exclusion_reason,
        case
            when ranked.user_id is null then 'id is null'
            when ranked.sync_rank > 1
                then
                    'a later row of this id was synced at '
                    || cast(ranked.latest_synced_at as {{ dbt.type_string() }})
        end as exclusion_detail,

        -- flags (the row is kept)
        coalesce(ranked.raw_email is not null and ranked.email is null, false) as has_invalid_email

    from ranked

)

select * from final
