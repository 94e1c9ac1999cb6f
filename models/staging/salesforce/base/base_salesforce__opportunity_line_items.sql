{{ config(materialized=incremental_materialization(), incremental_strategy='delete+insert', unique_key='record_id') }}
{{ demo_seed_dependency('salesforce', 'opportunity_line_item') }}

with

source as (

    {{ raw_source('salesforce', 'opportunity_line_item', incremental_by=('id', '_fivetran_synced', 'synced_at')) }}

),

renamed as (

    select
        -- ids
        id as opportunity_line_item_id,
        opportunity_id,
        product_2_id as product_id,

        -- numerics
        quantity,
        unit_price,
        total_price,

        -- booleans
        coalesce(quantity > 0, false) as has_valid_quantity,
        coalesce(is_deleted, false) as is_deleted,

        -- timestamps
        created_date as created_at,
        _fivetran_synced as synced_at,

        -- data quality
        dq_unparseable_value,
        row_fingerprint,
        case
            when not coalesce(quantity > 0, false)
                then 'quantity is ' || coalesce({{ number_text('quantity') }}, 'null')
        end as dq_invalid_quantity,
        case
            when total_price < 0
                then
                    'total_price is negative (a credit or a correction): '
                    || {{ number_text('total_price') }}
        end as dq_negative_amount

    from source

),

final as (

    {{ apply_row_rules(
        'renamed',
        id_column='opportunity_line_item_id',
        latest_first=['synced_at'],
        loaded_at_column='synced_at',
        deleted_column='is_deleted',
    ) }}

)

select * from final
