{{ demo_seed_dependency('salesforce', 'lead') }}

with

source as (

    {{ raw_source('salesforce', 'lead') }}

),

country_aliases as (

    select * from {{ ref('country_aliases') }}

),

users as (

    select * from {{ ref('stg_salesforce__users') }}

),

renamed as (

    select
        -- ids
        id as lead_id,
        owner_id,
        converted_account_id,
        converted_contact_id,
        converted_opportunity_id,

        -- strings
        first_name,
        last_name,
        {{ normalize_email('email') }} as email,
        {{ email_domain('email') }} as email_domain,
        email as raw_email,
        company as company_name,
        title,
        industry,
        country,
        lower(country) as country_alias,
        lead_source,
        status as lead_status,

        -- booleans
        coalesce(is_converted, false) as is_converted,
        coalesce(is_deleted, false) as is_deleted,

        -- dates
        converted_date,

        -- timestamps
        created_date as created_at,
        _fivetran_synced as synced_at,

        -- data quality
        dq_unparseable_value,
        row_fingerprint

    from source

),

-- lookups: country spelling -> ISO code (mapping seed); is the owner a user
looked_up as (

    select
        renamed.*,
        country_aliases.country_code,
        case
            when renamed.raw_email is not null and renamed.email is null
                then 'email without @: ' || renamed.raw_email
        end as dq_invalid_email,
        case
            when renamed.country_alias is not null and country_aliases.country_code is null
                then 'country not in country_aliases: ' || renamed.country
        end as dq_unknown_country,
        {{ owner_not_a_user_detail('renamed.owner_id', 'users.user_id') }} as dq_owner_not_a_user

    from renamed
    left join country_aliases
        on renamed.country_alias = country_aliases.country_alias
    left join users
        on renamed.owner_id = users.user_id

),

final as (

    {{ apply_row_rules(
        'looked_up',
        id_column='lead_id',
        latest_first=['synced_at'],
        loaded_at_column='synced_at',
        deleted_column='is_deleted',
    ) }}

)

select * from final
