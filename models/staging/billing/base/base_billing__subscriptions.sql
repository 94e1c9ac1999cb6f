{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('billing', 'subscription') }}

with

source as (

    select * from {{ source('billing', 'subscription') }}

),

renamed as (

    select
        -- ids
        cast(subscription_id as {{ dbt.type_string() }}) as subscription_id,
        cast(crm_account_id as {{ dbt.type_string() }}) as account_id,

        -- strings
        trim(product_code) as product_code,
        plan_interval,
        upper(trim(currency)) as currency_code,
        status as subscription_status,

        -- numerics
        cast(quantity as {{ dbt.type_numeric() }}) as quantity,
        cast(mrr as {{ dbt.type_numeric() }}) as mrr,

        -- timestamps
        cast(started_at as {{ dbt.type_timestamp() }}) as started_at,
        cast(canceled_at as {{ dbt.type_timestamp() }}) as canceled_at,
        cast(ended_at as {{ dbt.type_timestamp() }}) as ended_at,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at

    from source

),

-- no load timestamp: when an id appears twice, the latest created row is kept
ranked as (

    select
        renamed.*,
        row_number() over (
            partition by renamed.subscription_id
            order by renamed.created_at desc nulls last, renamed.started_at desc nulls last
        ) as row_rank

    from renamed

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.subscription_id as record_id,
        {{ raw_row_key('ranked.row_rank') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.subscription_id is null then 'missing_id'
            when ranked.row_rank > 1 then 'duplicate_id'
            when ranked.ended_at < ranked.started_at then 'ends_before_start'
        end as exclusion_reason,
        case
            when ranked.subscription_id is null then 'id is null'
            when ranked.row_rank > 1 then 'another row has the same id'
            when ranked.ended_at < ranked.started_at
                then
                    'ended_at ' || cast(ranked.ended_at as {{ dbt.type_string() }})
                    || ' is before started_at ' || cast(ranked.started_at as {{ dbt.type_string() }})
        end as exclusion_detail

    from ranked

)

select * from final
