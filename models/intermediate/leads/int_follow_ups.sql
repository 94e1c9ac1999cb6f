{{ config(
    materialized=incremental_materialization(),
    pre_hook="{{ delete_rolling_window('follow_up_date', is_changed_person_or_rep()) }}"
) }}
-- depends_on: {{ ref('int_data_range') }}
-- depends_on: {{ ref('int_sales_reps') }}
-- One row per follow-up (int_follow_up_activities) with the request whose window holds it
-- (int_follow_ups_windowed), whether it reached the lead, whether the lead answered, and, for
-- emails, the five personalization elements (docs/kpis.md "reached", "Personalization elements").
-- The values behind the rules live in seeds: call_dispositions (connected calls),
-- generic_sender_mailboxes (shared from-addresses), conversation_push_phrases.
-- Matching is case-insensitive (macro contains_text).

with

follow_ups as (
    select * from {{ ref('int_follow_ups_windowed') }}
    {% if is_incremental() -%}
        where {{ rolling_window_rows('follow_up_date', is_changed_person_or_rep()) }}
    {%- endif %}
),

email_messages as (
    select * from {{ ref('stg_salesforce__email_messages') }}
),

leads as (
    select * from {{ ref('stg_salesforce__leads') }}
),

contacts as (
    select * from {{ ref('stg_salesforce__contacts') }}
),

accounts as (
    select * from {{ ref('stg_salesforce__accounts') }}
),

users as (
    select * from {{ ref('stg_salesforce__users') }}
),

lead_requests as (
    select * from {{ ref('int_lead_requests') }}
),

call_dispositions as (
    select * from {{ ref('call_dispositions') }}
),

generic_sender_mailboxes as (
    select * from {{ ref('generic_sender_mailboxes') }}
),

conversation_push_phrases as (
    select * from {{ ref('conversation_push_phrases') }}
),

-- the person a follow-up is addressed to: first name and company
people as (
    select
        lead_id as person_id,
        first_name,
        company_name
    from leads

    union all

    select
        contacts.contact_id as person_id,
        contacts.first_name,
        accounts.account_name as company_name
    from contacts
    left join accounts
        on contacts.account_id = accounts.account_id
),

connected_dispositions as (
    select distinct lower(trim(call_disposition)) as call_disposition
    from call_dispositions
    where is_connected
),

generic_local_parts as (
    select distinct lower(trim(local_part)) as local_part
    from generic_sender_mailboxes
),

-- messages that an incoming email answers
replied_messages as (
    select distinct reply_to_email_message_id as email_message_id
    from email_messages
    where is_incoming and reply_to_email_message_id is not null
),

emails as (
    select
        follow_ups.follow_up_id,
        email_messages.subject,
        email_messages.text_body,
        email_messages.from_address,
        email_messages.is_bounced,
        email_messages.first_opened_at,
        email_messages.message_status,
        people.first_name as person_first_name,
        people.company_name as person_company_name,
        lead_requests.asset_name as request_asset_name,
        users.full_name as sender_full_name,
        users.email as sender_email,
        replied_messages.email_message_id is not null as has_reply,
        {{ dbt.split_part('email_messages.text_body', 'chr(10)', 1) }} as first_line,
        {{ dbt.split_part('email_messages.from_address', "'@'", 1) }} as from_local_part
    from follow_ups
    inner join email_messages
        on follow_ups.email_message_id = email_messages.email_message_id
    left join replied_messages
        on follow_ups.email_message_id = replied_messages.email_message_id
    left join people
        on follow_ups.person_id = people.person_id
    left join lead_requests
        on follow_ups.request_id = lead_requests.request_id
    left join users
        on follow_ups.sales_rep_id = users.user_id
    where follow_ups.follow_up_channel = 'email'
),

emails_with_push_phrase as (
    select distinct emails.follow_up_id
    from emails
    inner join conversation_push_phrases
        on {{ contains_text('emails.text_body', 'conversation_push_phrases.phrase') }}
),

email_elements as (
    select
        emails.follow_up_id,
        emails.has_reply,
        not coalesce(emails.is_bounced, false)
        and (
            emails.first_opened_at is not null
            or emails.message_status in ('1', '2')
            or emails.has_reply
        ) as is_reached,
        -- 1. personalized greeting: the first line names the person
        coalesce({{ contains_text('emails.first_line', 'emails.person_first_name') }}, false)
            as has_personalized_greeting,
        -- 2. individual sender: a person's from-address, not a shared box
        emails.from_address is not null
        and generic_local_parts.local_part is null as has_individual_sender,
        -- 3. signature with contact info: the sender's name and a phone number or email address
        coalesce(
            {{ contains_text('emails.text_body', 'emails.sender_full_name') }}
            and (
                {{ has_phone_number('emails.text_body') }}
                or {{ contains_text('emails.text_body', 'emails.sender_email') }}
            ),
            false
        ) as has_signature_contact_info,
        -- 4. relevant content: the subject or body names the person's company or the asset
        --    of the request whose window holds the email
        coalesce(
            {{ contains_text('emails.subject', 'emails.person_company_name') }}
            or {{ contains_text('emails.text_body', 'emails.person_company_name') }}
            or {{ contains_text('emails.subject', 'emails.request_asset_name') }}
            or {{ contains_text('emails.text_body', 'emails.request_asset_name') }},
            false
        ) as has_relevant_content,
        -- 5. conversation push: a question or a next-step phrase
        coalesce({{ dbt.position("'?'", 'emails.text_body') }} > 0, false)
        or emails_with_push_phrase.follow_up_id is not null as has_conversation_push
    from emails
    left join generic_local_parts
        on lower(emails.from_local_part) = generic_local_parts.local_part
    left join emails_with_push_phrase
        on emails.follow_up_id = emails_with_push_phrase.follow_up_id
),

email_scores as (
    select
        follow_up_id,
        has_reply,
        is_reached,
        has_personalized_greeting,
        has_individual_sender,
        has_signature_contact_info,
        has_relevant_content,
        has_conversation_push,
        case when has_personalized_greeting then 1 else 0 end
        + case when has_individual_sender then 1 else 0 end
        + case when has_signature_contact_info then 1 else 0 end
        + case when has_relevant_content then 1 else 0 end
        + case when has_conversation_push then 1 else 0 end as personalization_elements
    from email_elements
),

final as (
    select
        follow_ups.follow_up_id,
        follow_ups.request_id,
        follow_ups.person_id,
        follow_ups.person_type,
        follow_ups.sales_rep_id,
        follow_ups.follow_up_at,
        follow_ups.follow_up_date,
        follow_ups.follow_up_channel,
        follow_ups.email_message_id,
        follow_ups.call_disposition,
        follow_ups.call_duration_seconds,
        follow_ups.window_start_at,
        follow_ups.window_end_at,
        email_scores.has_personalized_greeting,
        email_scores.has_individual_sender,
        email_scores.has_signature_contact_info,
        email_scores.has_relevant_content,
        email_scores.has_conversation_push,
        -- emails without a stored message, calls and meetings have no score
        email_scores.personalization_elements,
        case follow_ups.follow_up_channel
            when 'email' then coalesce(email_scores.is_reached, false)
            when 'call' then connected_dispositions.call_disposition is not null
            when 'meeting' then true
        end as is_reached,
        case follow_ups.follow_up_channel
            when 'email' then coalesce(email_scores.has_reply, false)
            when 'call' then connected_dispositions.call_disposition is not null
            else false
        end as is_replied,
        email_scores.personalization_elements >= {{ var('personalized_email_min_elements') }}
            as is_personalized_email
    from follow_ups
    left join email_scores
        on follow_ups.follow_up_id = email_scores.follow_up_id
    left join connected_dispositions
        on
            follow_ups.follow_up_channel = 'call'
            and lower(trim(follow_ups.call_disposition)) = connected_dispositions.call_disposition
)

select * from final
