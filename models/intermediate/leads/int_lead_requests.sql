-- One row per lead request: a form submission kept by int_form_submissions_screened, matched to
-- its person, owner, account and warmth (docs/kpis.md "Lead requests, follow-ups and warmth").
--   person : the lead with the request's email (earliest created), else the contact with it
--            (earliest created); a request matching nobody is kept with no person.
--   ids    : a lead person is reached through its lead id and its converted contact id,
--            a contact person through its contact id.
--   account: the lead's converted account (else its converted contact's account), or the
--            contact's account.
--   owner  : the lead's owner (else its converted contact's owner), or the contact's owner;
--            'unassigned' (macro unassigned_owner_id) when there is no person or no owner.
-- Requests submitted after the as-of date are not counted (a pinned as-of date cuts every fact).
--   warmth : from the seed lead_warmth_by_form_type; unmapped form types are 'unclassified'
--            and have no SLA.
--   channel: utm_source / utm_medium trimmed and lower case ('(none)' when absent); the channel
--            group from the seed lead_channel_groups (medium and source, else the medium's
--            '(any)' source row, else the '(other)' row); lead_source is the CRM lead source of
--            the person (the lead's, else its contact's), 'Unknown' when none.

with

submissions as (
    select * from {{ ref('int_form_submissions_screened') }}
),

leads as (
    select * from {{ ref('stg_salesforce__leads') }}
),

contacts as (
    select * from {{ ref('stg_salesforce__contacts') }}
),

warmth_by_form_type as (
    select * from {{ ref('lead_warmth_by_form_type') }}
),

channel_groups as (
    select * from {{ ref('lead_channel_groups') }}
),

data_range as (
    select * from {{ ref('int_data_range') }}
),

lead_requests as (
    select submissions.*
    from submissions
    cross join data_range
    where
        submissions.is_lead_request
        and submissions.submitted_at < data_range.as_of_end_at
),

leads_by_email as (
    select
        lead_id,
        email,
        owner_id,
        converted_account_id,
        converted_contact_id,
        converted_opportunity_id,
        lead_source,
        row_number() over (partition by email order by created_at, lead_id) as email_rank
    from leads
    where email is not null
),

contacts_by_email as (
    select
        contact_id,
        email,
        row_number() over (partition by email order by created_at, contact_id) as email_rank
    from contacts
    where email is not null
),

matched as (
    select
        lead_requests.form_submission_id as request_id,
        lead_requests.email,
        lead_requests.email_domain,
        lead_requests.first_name,
        lead_requests.last_name,
        lead_requests.company_name,
        lead_requests.job_title,
        lead_requests.country_code,
        lead_requests.form_type,
        lead_requests.asset_name,
        lead_requests.utm_source,
        lead_requests.utm_medium,
        lead_requests.utm_campaign,
        lead_requests.submitted_at,
        leads_by_email.lead_id,
        leads_by_email.converted_opportunity_id as lead_converted_opportunity_id,
        leads_by_email.owner_id as lead_owner_id,
        leads_by_email.converted_account_id as lead_account_id,
        leads_by_email.lead_source as lead_lead_source,
        coalesce(nullif(lower(trim(lead_requests.utm_source)), ''), '(none)') as utm_source_normalized,
        coalesce(nullif(lower(trim(lead_requests.utm_medium)), ''), '(none)') as utm_medium_normalized,
        case
            when leads_by_email.lead_id is not null then 'lead'
            when contacts_by_email.contact_id is not null then 'contact'
        end as person_type,
        case
            when leads_by_email.lead_id is not null then leads_by_email.converted_contact_id
            else contacts_by_email.contact_id
        end as contact_id
    from lead_requests
    left join leads_by_email
        on
            lead_requests.email = leads_by_email.email
            and leads_by_email.email_rank = 1
    left join contacts_by_email
        on
            lead_requests.email = contacts_by_email.email
            and contacts_by_email.email_rank = 1
),

final as (
    select
        matched.request_id,
        matched.submitted_at,
        matched.email,
        matched.email_domain,
        matched.first_name,
        matched.last_name,
        matched.company_name,
        matched.job_title,
        matched.country_code,
        -- a submission without a form type (a loader gap) is reported as form type 'unknown'
        coalesce(matched.form_type, 'unknown') as form_type,
        matched.asset_name,
        matched.utm_source,
        matched.utm_medium,
        matched.utm_campaign,
        matched.person_type,
        matched.lead_id,
        matched.contact_id,
        matched.lead_converted_opportunity_id,
        warmth_by_form_type.sla_minutes,
        cast(matched.submitted_at as date) as submitted_date,
        case
            when matched.person_type = 'lead' then matched.lead_id
            else matched.contact_id
        end as person_id,
        coalesce(matched.lead_account_id, contacts.account_id) as account_id,
        {{ owner_or_unassigned('coalesce(matched.lead_owner_id, contacts.owner_id)') }} as sales_rep_id,
        coalesce(warmth_by_form_type.warmth, 'unclassified') as warmth,
        matched.utm_source_normalized,
        matched.utm_medium_normalized,
        coalesce(
            source_channel.channel_group, medium_channel.channel_group, other_channel.channel_group
        ) as channel_group,
        coalesce(matched.lead_lead_source, contacts.lead_source, 'Unknown') as lead_source
    from matched
    left join contacts
        on matched.contact_id = contacts.contact_id
    left join warmth_by_form_type
        on matched.form_type = warmth_by_form_type.form_type
    left join channel_groups as source_channel
        on
            matched.utm_medium_normalized = source_channel.utm_medium
            and matched.utm_source_normalized = source_channel.utm_source
    left join channel_groups as medium_channel
        on
            matched.utm_medium_normalized = medium_channel.utm_medium
            and medium_channel.utm_source = '(any)'
    left join channel_groups as other_channel
        on
            other_channel.utm_medium = '(other)'
            and other_channel.utm_source = '(any)'
)

select * from final
