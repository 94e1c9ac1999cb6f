{{ demo_seed_dependency('billing', 'subscription') }}

with

source as (

    {{ raw_source('billing', 'subscription') }}

),

conversion_rates as (

    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}

),

renamed as (

    select
        -- ids
        subscription_id,
        crm_account_id as account_id,

        -- strings
        product_code,
        plan_interval,
        upper(currency) as currency_code,
        status as subscription_status,

        -- numerics
        quantity,
        mrr,

        -- timestamps
        started_at,
        canceled_at,
        ended_at,
        created_at,

        -- data quality
        dq_unparseable_value,
        row_fingerprint,
        case
            when ended_at < started_at
                then
                    'ended_at ' || cast(ended_at as {{ dbt.type_string() }})
                    || ' is before started_at ' || cast(started_at as {{ dbt.type_string() }})
        end as dq_ends_before_start,
        case
            when crm_account_id is null then 'crm_account_id is null'
        end as dq_missing_account,
        case
            when mrr < 0
                then 'mrr is negative (a refund or a correction): ' || {{ number_text('mrr') }}
        end as dq_negative_amount

    from source

),

-- lookup: is there a USD rate for the currency at the first month of service
looked_up as (

    select
        renamed.*,
        case
            when renamed.mrr is not null and not {{ has_usd_rate('renamed.currency_code', 'start') }}
                then
                    'no ' || coalesce(renamed.currency_code, 'null') || ' rate at the month of started_at '
                    || coalesce(cast(renamed.started_at as {{ dbt.type_string() }}), 'null')
                    || ': the subscription counts no MRR or revenue in USD'
        end as dq_no_conversion_rate

    from renamed
    {{ usd_rate_joins(
        'conversion_rates',
        'renamed.currency_code',
        dbt.date_trunc('month', 'renamed.started_at'),
        'start'
    ) }}

),

-- no load timestamp: when an id appears twice, the latest created row is kept
final as (

    {{ apply_row_rules(
        'looked_up',
        id_column='subscription_id',
        latest_first=['created_at', 'started_at'],
        exclusions=['missing_account', 'ends_before_start'],
    ) }}

)

select * from final
