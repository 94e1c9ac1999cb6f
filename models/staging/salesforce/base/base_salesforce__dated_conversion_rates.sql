{{ config(materialized='ephemeral') }}
{{ demo_seed_dependency('salesforce', 'dated_conversion_rate') }}

with

source as (

    select * from {{ source('salesforce', 'dated_conversion_rate') }}

),

renamed as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as conversion_rate_id,

        -- strings
        upper(trim(iso_code)) as currency_code,

        -- numerics
        cast(conversion_rate as {{ dbt.type_numeric() }}) as conversion_rate,

        -- dates
        cast(start_date as date) as valid_from_date,
        coalesce(cast(next_start_date as date), cast('9999-12-31' as date)) as valid_to_date

    from source

),

-- no load timestamp: when an id appears twice, the row with the latest start is kept
ranked as (

    select
        renamed.*,
        row_number() over (
            partition by renamed.conversion_rate_id
            order by renamed.valid_from_date desc nulls last, renamed.valid_to_date desc
        ) as row_rank

    from renamed

),

final as (

    select
        ranked.*,

        -- row identity
        ranked.conversion_rate_id as record_id,
        {{ raw_row_key('ranked.row_rank') }} as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.conversion_rate_id is null then 'missing_id'
            when ranked.row_rank > 1 then 'duplicate_id'
            when
                ranked.currency_code is null
                or ranked.valid_from_date is null
                or not coalesce(ranked.conversion_rate > 0, false)
                then 'invalid_conversion_rate'
        end as exclusion_reason,
        case
            when ranked.conversion_rate_id is null then 'id is null'
            when ranked.row_rank > 1 then 'another row has the same id'
            when
                ranked.currency_code is null
                or ranked.valid_from_date is null
                or not coalesce(ranked.conversion_rate > 0, false)
                then 'iso_code, start_date or a positive conversion_rate is missing'
        end as exclusion_detail

    from ranked

)

select * from final
