{{ config(materialized=incremental_materialization(), incremental_strategy='delete+insert', unique_key='record_id') }}
{{ demo_seed_dependency('salesforce', 'email_message') }}

with

source as (

    {{ raw_source('salesforce', 'email_message', incremental_by=('id', '_fivetran_synced', 'synced_at')) }}

),

renamed as (

    select
        -- ids
        id as email_message_id,
        activity_id as task_id,
        reply_to_email_message_id,

        -- strings
        subject,
        text_body,
        {{ normalize_email('from_address') }} as from_address,
        {{ normalize_email('to_address') }} as to_address,
        from_address as raw_from_address,
        to_address as raw_to_address,
        status as message_status,

        -- booleans
        coalesce(incoming, false) as is_incoming,
        coalesce(is_bounced, false) as is_bounced,
        coalesce(is_deleted, false) as is_deleted,

        -- timestamps
        first_opened_date as first_opened_at,
        message_date as message_at,
        created_date as created_at,
        _fivetran_synced as synced_at,

        -- data quality
        dq_unparseable_value,
        row_fingerprint,
        case
            when
                (from_address is not null and {{ normalize_email('from_address') }} is null)
                or (to_address is not null and {{ normalize_email('to_address') }} is null)
                then
                    'address without @: from ' || coalesce(from_address, 'null')
                    || ', to ' || coalesce(to_address, 'null')
        end as dq_invalid_email

    from source

),

final as (

    {{ apply_row_rules(
        'renamed',
        id_column='email_message_id',
        latest_first=['synced_at'],
        loaded_at_column='synced_at',
        deleted_column='is_deleted',
    ) }}

)

select * from final
