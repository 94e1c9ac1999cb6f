{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('salesforce', 'opportunity') }}

with

source as (

    select * from {{ source('salesforce', 'opportunity') }}

),

conversion_rates as (

    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}

),

renamed as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as opportunity_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,

        -- strings
        trim(name) as opportunity_name,
        type as opportunity_type,
        stage_name,
        upper(trim(currency_iso_code)) as currency_code,
        forecast_category,
        lead_source,
        sales_channel_c as sales_channel,

        -- numerics
        cast(amount as {{ dbt.type_numeric() }}) as amount,
        cast(probability as {{ dbt.type_numeric() }}) as probability,

        -- booleans
        coalesce(cast(is_closed as {{ dbt.type_boolean() }}), false) as is_closed,
        coalesce(cast(is_won as {{ dbt.type_boolean() }}), false) as is_won,
        coalesce(cast(is_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,

        -- dates
        cast(created_date as date) as created_date,
        cast(close_date as date) as close_date,

        -- timestamps
        cast(created_date as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at

    from source

),

-- lookup: the USD rate of the currency at the close date
converted as (

    select
        renamed.*,
        conversion_rates.conversion_rate,
        {{ to_usd('renamed.amount', 'renamed.currency_code', 'conversion_rates.conversion_rate') }} as amount_usd,
        {{ has_usd_rate('renamed.currency_code', 'conversion_rates.conversion_rate') }} as has_conversion_rate,
        coalesce(renamed.is_closed and renamed.close_date < renamed.created_date, false) as is_closed_before_created

    from renamed
    left join conversion_rates
        on {{ usd_rate_join('conversion_rates', 'renamed.currency_code', 'renamed.close_date') }}

),

ranked as (

    select
        converted.*,
        row_number() over (
            partition by converted.opportunity_id
            order by converted.synced_at desc nulls last
        ) as sync_rank,
        max(converted.synced_at) over (partition by converted.opportunity_id) as latest_synced_at

    from converted

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.opportunity_id as record_id,
        {{ raw_row_key('ranked.sync_rank', 'ranked.synced_at') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.opportunity_id is null then 'missing_id'
            when ranked.sync_rank > 1 then 'superseded_by_resync'
            when ranked.is_deleted then 'soft_deleted'
        end as exclusion_reason,
        case
            when ranked.opportunity_id is null then 'id is null'
            when ranked.sync_rank > 1
                then
                    'a later row of this id was synced at '
                    || cast(ranked.latest_synced_at as {{ dbt.type_string() }})
            when ranked.is_deleted then 'is_deleted is true in the latest sync'
        end as exclusion_detail,

        -- flags (the row is kept)
        coalesce(ranked.amount is not null and not ranked.has_conversion_rate, false) as has_no_conversion_rate,
        ranked.is_closed_before_created as has_closed_before_created

    from ranked

)

select * from final
