{{ config(materialized=incremental_materialization(), incremental_strategy='delete+insert', unique_key='record_id') }}
{{ demo_seed_dependency('salesforce', 'opportunity_history') }}

with

source as (

    {{ raw_source('salesforce', 'opportunity_history', incremental_by=('id', '_fivetran_synced', 'synced_at')) }}

),

stages as (

    select distinct stage_name from {{ ref('stg_salesforce__opportunity_stages') }}

),

renamed as (

    select
        -- ids
        id as opportunity_history_id,
        opportunity_id,

        -- strings
        stage_name,

        -- numerics
        amount,
        probability,

        -- dates
        close_date,

        -- timestamps
        created_date as created_at,
        _fivetran_synced as synced_at,

        -- data quality
        dq_unparseable_value,
        row_fingerprint,

        -- derived
        coalesce(is_deleted, false) as is_deleted

    from source

),

-- lookup: is the stage in the picklist
looked_up as (

    select
        renamed.*,
        case
            when renamed.stage_name is not null and stages.stage_name is null
                then 'stage_name not in opportunity_stage: ' || renamed.stage_name
        end as dq_unknown_stage

    from renamed
    left join stages
        on renamed.stage_name = stages.stage_name

),

final as (

    {{ apply_row_rules(
        'looked_up',
        id_column='opportunity_history_id',
        latest_first=['synced_at'],
        loaded_at_column='synced_at',
        deleted_column='is_deleted',
    ) }}

)

select * from final
