-- dq_raw_row_issues agrees with staging: a flagged record is in its staging model; a record
-- excluded by a rule other than a duplicate-row rule (its id has no other raw row kept) is not.
with

issues as (

    select * from {{ ref('dq_raw_row_issues') }}

),

staged_records as (

    select
        'salesforce' as source_name,
        'user_role' as table_name,
        user_role_id as record_id
    from {{ ref('stg_salesforce__user_roles') }}

    union all

    select
        'salesforce' as source_name,
        'user' as table_name,
        user_id as record_id
    from {{ ref('stg_salesforce__users') }}

    union all

    select
        'salesforce' as source_name,
        'account' as table_name,
        account_id as record_id
    from {{ ref('stg_salesforce__accounts') }}

    union all

    select
        'salesforce' as source_name,
        'contact' as table_name,
        contact_id as record_id
    from {{ ref('stg_salesforce__contacts') }}

    union all

    select
        'salesforce' as source_name,
        'lead' as table_name,
        lead_id as record_id
    from {{ ref('stg_salesforce__leads') }}

    union all

    select
        'salesforce' as source_name,
        'opportunity' as table_name,
        opportunity_id as record_id
    from {{ ref('stg_salesforce__opportunities') }}

    union all

    select
        'salesforce' as source_name,
        'opportunity_history' as table_name,
        opportunity_history_id as record_id
    from {{ ref('stg_salesforce__opportunity_histories') }}

    union all

    select
        'salesforce' as source_name,
        'opportunity_stage' as table_name,
        opportunity_stage_id as record_id
    from {{ ref('stg_salesforce__opportunity_stages') }}

    union all

    select
        'salesforce' as source_name,
        'opportunity_line_item' as table_name,
        opportunity_line_item_id as record_id
    from {{ ref('stg_salesforce__opportunity_line_items') }}

    union all

    select
        'salesforce' as source_name,
        'product_2' as table_name,
        product_id as record_id
    from {{ ref('stg_salesforce__products') }}

    union all

    select
        'salesforce' as source_name,
        'task' as table_name,
        task_id as record_id
    from {{ ref('stg_salesforce__tasks') }}

    union all

    select
        'salesforce' as source_name,
        'email_message' as table_name,
        email_message_id as record_id
    from {{ ref('stg_salesforce__email_messages') }}

    union all

    select
        'salesforce' as source_name,
        'dated_conversion_rate' as table_name,
        conversion_rate_id as record_id
    from {{ ref('stg_salesforce__dated_conversion_rates') }}

    union all

    select
        'marketing' as source_name,
        'form_submission' as table_name,
        form_submission_id as record_id
    from {{ ref('stg_marketing__form_submissions') }}

    union all

    select
        'billing' as source_name,
        'subscription' as table_name,
        subscription_id as record_id
    from {{ ref('stg_billing__subscriptions') }}

    union all

    select
        'finance' as source_name,
        'sales_marketing_spend' as table_name,
        spend_id as record_id
    from {{ ref('stg_finance__sales_marketing_spends') }}

),

checked as (

    select
        issues.issue_id,
        issues.source_name,
        issues.table_name,
        issues.record_id,
        issues.rule,
        issues.action,
        staged_records.record_id is not null as is_staged

    from issues
    left join staged_records
        on
            issues.source_name = staged_records.source_name
            and issues.table_name = staged_records.table_name
            and issues.record_id = staged_records.record_id
    where issues.rule not in ('superseded_by_resync', 'duplicate_id', 'missing_id')

),

disagreements as (

    select * from checked
    where
        (action = 'flagged' and not is_staged)
        or (action = 'excluded' and is_staged)

)

select * from disagreements
