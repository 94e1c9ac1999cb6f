{{ demo_seed_dependency('salesforce', 'account') }}

with

source as (

    {{ raw_source('salesforce', 'account') }}

),

country_aliases as (

    select * from {{ ref('country_aliases') }}

),

countries as (

    select * from {{ ref('countries') }}

),

users as (

    select * from {{ ref('stg_salesforce__users') }}

),

renamed as (

    select
        -- ids
        id as account_id,
        owner_id,

        -- strings
        name as account_name,
        type as account_type,
        industry,
        billing_country,

        -- numerics
        number_of_employees,

        -- timestamps
        created_date as created_at,
        _fivetran_synced as synced_at,

        -- data quality
        dq_unparseable_value,
        row_fingerprint,

        -- derived
        lower(billing_country) as country_alias,
        coalesce(is_deleted, false) as is_deleted

    from source

),

-- lookups: country spelling -> ISO code -> account region (mapping seeds); is the owner a user
looked_up as (

    select
        renamed.*,
        country_aliases.country_code,
        coalesce(countries.account_region, 'Unknown') as account_region,
        case
            when renamed.country_alias is not null and country_aliases.country_code is null
                then 'billing_country not in country_aliases: ' || renamed.billing_country
        end as dq_unknown_country,
        {{ owner_not_a_user_detail('renamed.owner_id', 'users.user_id') }} as dq_owner_not_a_user

    from renamed
    left join country_aliases
        on renamed.country_alias = country_aliases.country_alias
    left join countries
        on country_aliases.country_code = countries.country_code
    left join users
        on renamed.owner_id = users.user_id

),

final as (

    {{ apply_row_rules(
        'looked_up',
        id_column='account_id',
        latest_first=['synced_at'],
        loaded_at_column='synced_at',
        deleted_column='is_deleted',
    ) }}

)

select * from final
