with

base as (

    select * from {{ ref('base_salesforce__email_messages') }}

),

final as (

    select
        -- ids
        email_message_id,
        task_id,
        reply_to_email_message_id,

        -- strings
        subject,
        text_body,
        from_address,
        to_address,
        message_status,

        -- booleans
        is_incoming,
        is_bounced,

        -- timestamps
        first_opened_at,
        message_at,
        created_at,
        synced_at

    from base
    where exclusion_reason is null

)

select * from final
