{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('salesforce', 'account') }}

with

source as (

    select * from {{ source('salesforce', 'account') }}

),

country_aliases as (

    select * from {{ ref('country_aliases') }}

),

countries as (

    select * from {{ ref('countries') }}

),

renamed as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as account_id,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,

        -- strings
        trim(name) as account_name,
        type as account_type,
        industry,
        billing_country,
        nullif(lower(trim(billing_country)), '') as country_alias,

        -- numerics
        cast(number_of_employees as {{ dbt.type_int() }}) as number_of_employees,

        -- booleans
        coalesce(cast(is_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,

        -- timestamps
        cast(created_date as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at

    from source

),

-- lookups: country spelling -> ISO code -> sales region (mapping seeds)
geocoded as (

    select
        renamed.*,
        country_aliases.country_code,
        coalesce(countries.sales_region, 'Unknown') as sales_region

    from renamed
    left join country_aliases
        on renamed.country_alias = country_aliases.country_alias
    left join countries
        on country_aliases.country_code = countries.country_code

),

ranked as (

    select
        geocoded.*,
        row_number() over (
            partition by geocoded.account_id
            order by geocoded.synced_at desc nulls last
        ) as sync_rank,
        max(geocoded.synced_at) over (partition by geocoded.account_id) as latest_synced_at

    from geocoded

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.account_id as record_id,
        {{ raw_row_key('ranked.sync_rank', 'ranked.synced_at') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.account_id is null then 'missing_id'
            when ranked.sync_rank > 1 then 'superseded_by_resync'
            when ranked.is_deleted then 'soft_deleted'
        end as exclusion_reason,
        case
            when ranked.account_id is null then 'id is null'
            when ranked.sync_rank > 1
                then
                    'a later row of this id was synced at '
                    || cast(ranked.latest_synced_at as {{ dbt.type_string() }})
            when ranked.is_deleted then 'is_deleted is true in the latest sync'
        end as exclusion_detail,

        -- flags (the row is kept)
        coalesce(ranked.country_alias is not null and ranked.country_code is null, false) as has_unknown_country

    from ranked

)

select * from final
