{{ demo_seed_dependency('finance', 'sales_marketing_spend') }}

with

source as (

    {{ raw_source('finance', 'sales_marketing_spend') }}

),

conversion_rates as (

    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}

),

renamed as (

    select
        -- ids
        spend_id,

        -- strings
        lower(cost_category) as cost_category,
        cost_type,
        sales_region,
        sales_team,
        upper(currency) as currency_code,

        -- numerics
        amount,

        -- dates
        cast({{ dbt.date_trunc('month', 'spend_month') }} as date) as spend_month,

        -- data quality
        dq_unparseable_value,
        row_fingerprint,
        case
            when amount < 0
                then 'amount is negative (a credit note or a correction): ' || {{ number_text('amount') }}
        end as dq_negative_amount

    from source

),

-- lookup: the USD rate of the currency at the spend month
looked_up as (

    select
        renamed.*,
        {{ to_usd('renamed.amount', 'renamed.currency_code', 'spend') }} as amount_usd,
        {{ has_usd_rate('renamed.currency_code', 'spend') }} as has_conversion_rate,
        case
            when renamed.amount is not null and not {{ has_usd_rate('renamed.currency_code', 'spend') }}
                then
                    'no ' || coalesce(renamed.currency_code, 'null') || ' rate at spend_month '
                    || coalesce(cast(renamed.spend_month as {{ dbt.type_string() }}), 'null')
                    || ': amount_usd is null'
        end as dq_no_conversion_rate

    from renamed
    {{ usd_rate_joins('conversion_rates', 'renamed.currency_code', 'renamed.spend_month', 'spend') }}

),

-- no load timestamp: when an id appears twice, the row of the latest month is kept
final as (

    {{ apply_row_rules('looked_up', id_column='spend_id', latest_first=['spend_month']) }}

)

select * from final
