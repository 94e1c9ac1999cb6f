{{ demo_seed_dependency('salesforce', 'opportunity_stage') }}

with

source as (

    {{ raw_source('salesforce', 'opportunity_stage') }}

),

renamed as (

    select
        -- ids
        id as opportunity_stage_id,

        -- strings
        master_label as stage_name,
        forecast_category_name as forecast_category,

        -- numerics
        sort_order as stage_sort_order,
        default_probability,

        -- data quality
        dq_unparseable_value,
        row_fingerprint,

        -- derived
        coalesce(is_active, false) as is_active,
        coalesce(is_closed, false) as is_closed,
        coalesce(is_won, false) as is_won

    from source

),

-- no load timestamp: when an id appears twice, the row with the highest sort order is kept
final as (

    {{ apply_row_rules('renamed', id_column='opportunity_stage_id', latest_first=['stage_sort_order']) }}

)

select * from final
