{{ demo_seed_dependency('salesforce', 'product_2') }}

with

source as (

    {{ raw_source('salesforce', 'product_2') }}

),

renamed as (

    select
        -- ids
        id as product_id,

        -- strings
        name as product_name,
        product_code,
        family as product_family,

        -- numerics
        edition_rank_c as edition_rank,

        -- timestamps
        created_date as created_at,
        _fivetran_synced as synced_at,

        -- data quality
        dq_unparseable_value,
        row_fingerprint,

        -- derived
        coalesce(is_active, false) as is_active,
        coalesce(is_deleted, false) as is_deleted,
        case
            when product_code is null then 'product_code is blank: subscriptions cannot match the product'
        end as dq_blank_product_code

    from source

),

ruled as (

    {{ apply_row_rules(
        'renamed',
        id_column='product_id',
        latest_first=['synced_at'],
        loaded_at_column='synced_at',
        deleted_column='is_deleted',
    ) }}

),

-- a product code shared by several kept products: subscriptions match one of them
-- (int_subscriptions_enriched: the active one, then the earliest created)
final as (

    select
        ruled.*,
        case
            when
                ruled.exclusion_reason is null
                and ruled.product_code is not null
                and count(case when ruled.exclusion_reason is null then 1 end)
                    over (partition by ruled.product_code)
                > 1
                then
                    'product_code ' || ruled.product_code || ' is shared by '
                    || cast(
                        count(case when ruled.exclusion_reason is null then 1 end)
                            over (partition by ruled.product_code)
                        as {{ dbt.type_string() }}
                    )
                    || ' products'
        end as dq_duplicate_product_code

    from ruled

)

select * from final
