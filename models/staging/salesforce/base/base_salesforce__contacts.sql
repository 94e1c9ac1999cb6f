{{ config(materialized=incremental_materialization(), incremental_strategy='delete+insert', unique_key='record_id') }}
{{ demo_seed_dependency('salesforce', 'contact') }}

with

source as (

    {{ raw_source('salesforce', 'contact', incremental_by=('id', '_fivetran_synced', 'synced_at')) }}

),

users as (

    select * from {{ ref('stg_salesforce__users') }}

),

renamed as (

    select
        -- ids
        id as contact_id,
        account_id,
        owner_id,

        -- strings
        first_name,
        last_name,
        {{ normalize_email('email') }} as email,
        {{ email_domain('email') }} as email_domain,
        email as raw_email,
        title,
        lead_source,

        -- booleans
        coalesce(is_deleted, false) as is_deleted,

        -- timestamps
        created_date as created_at,
        _fivetran_synced as synced_at,

        -- data quality
        dq_unparseable_value,
        row_fingerprint

    from source

),

-- lookup: is the owner a user
looked_up as (

    select
        renamed.*,
        case
            when renamed.raw_email is not null and renamed.email is null
                then 'email without @: ' || renamed.raw_email
        end as dq_invalid_email,
        {{ owner_not_a_user_detail('renamed.owner_id', 'users.user_id') }} as dq_owner_not_a_user

    from renamed
    left join users
        on renamed.owner_id = users.user_id

),

final as (

    {{ apply_row_rules(
        'looked_up',
        id_column='contact_id',
        latest_first=['synced_at'],
        loaded_at_column='synced_at',
        deleted_column='is_deleted',
    ) }}

)

select * from final
