{{ demo_seed_dependency('salesforce', 'opportunity') }}

with

source as (

    {{ raw_source('salesforce', 'opportunity') }}

),

conversion_rates as (

    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}

),

stages as (

    select distinct stage_name from {{ ref('stg_salesforce__opportunity_stages') }}

),

users as (

    select * from {{ ref('stg_salesforce__users') }}

),

renamed as (

    select
        -- ids
        id as opportunity_id,
        account_id,
        owner_id,

        -- strings
        name as opportunity_name,
        type as opportunity_type,
        stage_name,
        forecast_category,
        lead_source,
        sales_channel_c as sales_channel,

        -- numerics
        amount,
        probability,

        -- dates
        close_date,
        cast(created_date as date) as created_date,

        -- timestamps
        created_date as created_at,
        _fivetran_synced as synced_at,

        -- data quality
        dq_unparseable_value,
        row_fingerprint,

        -- derived
        upper(currency_iso_code) as currency_code,
        coalesce(is_closed, false) as is_closed,
        coalesce(is_won, false) as is_won,
        coalesce(is_deleted, false) as is_deleted

    from source

),

-- lookups: the USD rate at the close date; is the stage in the picklist; is the owner a user
looked_up as (

    select
        renamed.*,
        {{ to_usd('renamed.amount', 'renamed.currency_code', 'close') }} as amount_usd,
        {{ has_usd_rate('renamed.currency_code', 'close') }} as has_conversion_rate,
        coalesce(renamed.is_closed and renamed.close_date < renamed.created_date, false)
            as is_closed_before_created,
        case
            when renamed.amount is not null and not {{ has_usd_rate('renamed.currency_code', 'close') }}
                then
                    'no ' || coalesce(renamed.currency_code, 'null') || ' rate at close_date '
                    || coalesce(cast(renamed.close_date as {{ dbt.type_string() }}), 'null')
                    || ': amount_usd is null'
        end as dq_no_conversion_rate,
        case
            when coalesce(renamed.is_closed and renamed.close_date < renamed.created_date, false)
                then
                    'close_date ' || cast(renamed.close_date as {{ dbt.type_string() }})
                    || ' is before created_date ' || cast(renamed.created_date as {{ dbt.type_string() }})
        end as dq_closed_before_created,
        case
            when renamed.stage_name is not null and stages.stage_name is null
                then 'stage_name not in opportunity_stage: ' || renamed.stage_name
        end as dq_unknown_stage,
        {{ owner_not_a_user_detail('renamed.owner_id', 'users.user_id') }} as dq_owner_not_a_user

    from renamed
    {{ usd_rate_joins('conversion_rates', 'renamed.currency_code', 'renamed.close_date', 'close') }}
    left join stages
        on renamed.stage_name = stages.stage_name
    left join users
        on renamed.owner_id = users.user_id

),

final as (

    {{ apply_row_rules(
        'looked_up',
        id_column='opportunity_id',
        latest_first=['synced_at'],
        loaded_at_column='synced_at',
        deleted_column='is_deleted',
    ) }}

)

select * from final
