{{ demo_seed_dependency('salesforce', 'dated_conversion_rate') }}

with

source as (

    {{ raw_source('salesforce', 'dated_conversion_rate') }}

),

renamed as (

    select
        -- ids
        id as conversion_rate_id,

        -- numerics
        conversion_rate,

        -- dates
        start_date as valid_from_date,

        -- data quality
        dq_unparseable_value,
        row_fingerprint,

        -- derived
        upper(iso_code) as currency_code,
        coalesce(next_start_date, cast('9999-12-31' as date)) as valid_to_date,
        case
            when iso_code is null or start_date is null or not coalesce(conversion_rate > 0, false)
                then 'iso_code, start_date or a positive conversion_rate is missing'
        end as dq_invalid_conversion_rate

    from source

),

-- no load timestamp: when an id appears twice, the row with the latest start is kept
final as (

    {{ apply_row_rules(
        'renamed',
        id_column='conversion_rate_id',
        latest_first=['valid_from_date', 'valid_to_date'],
        exclusions=['invalid_conversion_rate'],
    ) }}

)

select * from final
