{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('finance', 'sales_marketing_spend') }}

with

source as (

    select * from {{ source('finance', 'sales_marketing_spend') }}

),

conversion_rates as (

    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}

),

renamed as (

    select
        -- ids
        cast(spend_id as {{ dbt.type_string() }}) as spend_id,

        -- strings
        cost_category,
        cost_type,
        sales_region,
        sales_team,
        upper(trim(currency)) as currency_code,

        -- numerics
        cast(amount as {{ dbt.type_numeric() }}) as amount,

        -- dates
        cast({{ dbt.date_trunc('month', 'spend_month') }} as date) as spend_month

    from source

),

-- lookup: the USD rate of the currency at the spend month
converted as (

    select
        renamed.*,
        conversion_rates.conversion_rate,
        {{ to_usd('renamed.amount', 'renamed.currency_code', 'conversion_rates.conversion_rate') }} as amount_usd,
        {{ has_usd_rate('renamed.currency_code', 'conversion_rates.conversion_rate') }} as has_conversion_rate

    from renamed
    left join conversion_rates
        on {{ usd_rate_join('conversion_rates', 'renamed.currency_code', 'renamed.spend_month') }}

),

-- no load timestamp: when an id appears twice, the row of the latest month is kept
ranked as (

    select
        converted.*,
        row_number() over (
            partition by converted.spend_id
            order by converted.spend_month desc nulls last
        ) as row_rank

    from converted

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.spend_id as record_id,
        {{ raw_row_key('ranked.row_rank') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.spend_id is null then 'missing_id'
            when ranked.row_rank > 1 then 'duplicate_id'
        end as exclusion_reason,
        case
            when ranked.spend_id is null then 'id is null'
            when ranked.row_rank > 1 then 'another row has the same id'
        end as exclusion_detail,

        -- flags (the row is kept)
        coalesce(ranked.amount is not null and not ranked.has_conversion_rate, false) as has_no_conversion_rate

    from ranked

)

select * from final
