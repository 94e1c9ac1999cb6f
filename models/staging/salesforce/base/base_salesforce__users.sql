{{ demo_seed_dependency('salesforce', 'user') }}

with

source as (

    {{ raw_source('salesforce', 'user') }}

),

renamed as (

    select
        -- ids
        id as user_id,
        user_role_id,
        manager_id,

        -- strings
        first_name,
        last_name,
        -- a user without any name is named by its id (every rep has a name in the marts)
        coalesce(
            name,
            nullif(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''),
            'user ' || id
        ) as full_name,
        {{ normalize_email('email') }} as email,
        email as raw_email,
        user_type,
        time_zone_sid_key as time_zone,

        -- booleans
        coalesce(is_active, false) as is_active,
        coalesce(user_type = 'Standard', false) as is_sales_rep,

        -- timestamps
        created_date as created_at,
        _fivetran_synced as synced_at,

        -- data quality
        dq_unparseable_value,
        row_fingerprint,
        case
            when email is not null and {{ normalize_email('email') }} is null
                then 'email without @: ' || email
        end as dq_invalid_email,
        case
            when user_type = 'Standard' and user_role_id is null
                then 'a sales rep without a role: no sales team or region'
        end as dq_sales_rep_without_role

    from source

),

final as (

    {{ apply_row_rules('renamed', id_column='user_id', latest_first=['synced_at'], loaded_at_column='synced_at') }}

)

select * from final
