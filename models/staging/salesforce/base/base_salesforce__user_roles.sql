{{ demo_seed_dependency('salesforce', 'user_role') }}

with

source as (

    {{ raw_source('salesforce', 'user_role') }}

),

renamed as (

    select
        -- ids
        id as user_role_id,
        parent_role_id,

        -- strings
        name as role_name,

        -- timestamps
        _fivetran_synced as synced_at,

        -- data quality
        dq_unparseable_value,
        row_fingerprint

    from source

),

final as (

    {{ apply_row_rules('renamed', id_column='user_role_id', latest_first=['synced_at'], loaded_at_column='synced_at') }}

)

select * from final
