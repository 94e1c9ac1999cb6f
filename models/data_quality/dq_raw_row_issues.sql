{#-
    One row per raw row that is excluded from staging, or kept but flagged, with the rule.
    The rules themselves live in the base models (models/staging/<source>/base/): this model only
    lists their outcome. Flags are listed for kept rows only; an excluded row appears once.
-#}

with

user_roles as (

    select * from {{ ref('base_salesforce__user_roles') }}

),

users as (

    select * from {{ ref('base_salesforce__users') }}

),

accounts as (

    select * from {{ ref('base_salesforce__accounts') }}

),

contacts as (

    select * from {{ ref('base_salesforce__contacts') }}

),

leads as (

    select * from {{ ref('base_salesforce__leads') }}

),

opportunities as (

    select * from {{ ref('base_salesforce__opportunities') }}

),

opportunity_histories as (

    select * from {{ ref('base_salesforce__opportunity_histories') }}

),

opportunity_stages as (

    select * from {{ ref('base_salesforce__opportunity_stages') }}

),

opportunity_line_items as (

    select * from {{ ref('base_salesforce__opportunity_line_items') }}

),

products as (

    select * from {{ ref('base_salesforce__products') }}

),

tasks as (

    select * from {{ ref('base_salesforce__tasks') }}

),

email_messages as (

    select * from {{ ref('base_salesforce__email_messages') }}

),

dated_conversion_rates as (

    select * from {{ ref('base_salesforce__dated_conversion_rates') }}

),

form_submissions as (

    select * from {{ ref('base_marketing__form_submissions') }}

),

subscriptions as (

    select * from {{ ref('base_billing__subscriptions') }}

),

sales_marketing_spends as (

    select * from {{ ref('base_finance__sales_marketing_spends') }}

),

{%- set invalid_email = {
    'rule': 'invalid_email',
    'column': 'has_invalid_email',
    'detail': "'email without @: ' || raw_email",
} %}

issues as (

    {{ dq_issue_rows('user_roles', 'salesforce', 'user_role') }}

    union all

    {{ dq_issue_rows('users', 'salesforce', 'user', [invalid_email]) }}

    union all

    {{ dq_issue_rows('accounts', 'salesforce', 'account', [
        {
            'rule': 'unknown_country',
            'column': 'has_unknown_country',
            'detail': "'billing_country not in country_aliases: ' || billing_country",
        },
    ]) }}

    union all

    {{ dq_issue_rows('contacts', 'salesforce', 'contact', [invalid_email]) }}

    union all

    {{ dq_issue_rows('leads', 'salesforce', 'lead', [
        invalid_email,
        {
            'rule': 'unknown_country',
            'column': 'has_unknown_country',
            'detail': "'country not in country_aliases: ' || country",
        },
    ]) }}

    union all

    {{ dq_issue_rows('opportunities', 'salesforce', 'opportunity', [
        {
            'rule': 'no_conversion_rate',
            'column': 'has_no_conversion_rate',
            'detail': "'no ' || coalesce(currency_code, 'null') || ' rate at close_date '
                || coalesce(cast(close_date as " ~ dbt.type_string() ~ "), 'null') || ': amount_usd is null'",
        },
        {
            'rule': 'closed_before_created',
            'column': 'has_closed_before_created',
            'detail': "'close_date ' || cast(close_date as " ~ dbt.type_string() ~ ")
                || ' is before created_date ' || cast(created_date as " ~ dbt.type_string() ~ ")",
        },
    ]) }}

    union all

    {{ dq_issue_rows('opportunity_histories', 'salesforce', 'opportunity_history') }}

    union all

    {{ dq_issue_rows('opportunity_stages', 'salesforce', 'opportunity_stage') }}

    union all

    {{ dq_issue_rows('opportunity_line_items', 'salesforce', 'opportunity_line_item', [
        {
            'rule': 'invalid_quantity',
            'column': 'has_invalid_quantity',
            'detail': "'quantity is ' || coalesce(cast(quantity as " ~ dbt.type_string() ~ "), 'null')",
        },
    ]) }}

    union all

    {{ dq_issue_rows('products', 'salesforce', 'product_2') }}

    union all

    {{ dq_issue_rows('tasks', 'salesforce', 'task', [
        {
            'rule': 'task_without_timestamp',
            'column': 'has_no_timestamp',
            'detail': "'completed_date_time and created_date are null'",
        },
        {
            'rule': 'task_without_who_id',
            'column': 'has_no_who_id',
            'detail': "'who_id is null'",
        },
    ]) }}

    union all

    {{ dq_issue_rows('email_messages', 'salesforce', 'email_message', [
        {
            'rule': 'invalid_email',
            'column': 'has_invalid_email',
            'detail': "'address without @: from ' || coalesce(raw_from_address, 'null')
                || ', to ' || coalesce(raw_to_address, 'null')",
        },
    ]) }}

    union all

    {{ dq_issue_rows('dated_conversion_rates', 'salesforce', 'dated_conversion_rate') }}

    union all

    {{ dq_issue_rows('form_submissions', 'marketing', 'form_submission', [
        invalid_email,
        {
            'rule': 'unknown_country',
            'column': 'has_unknown_country',
            'detail': "'country not in country_aliases: ' || country",
        },
        {
            'rule': 'unmapped_form_type',
            'column': 'has_unmapped_form_type',
            'detail': "'form_type not in lead_warmth_by_form_type: ' || coalesce(form_type, 'null')",
        },
    ]) }}

    union all

    {{ dq_issue_rows('subscriptions', 'billing', 'subscription') }}

    union all

    {{ dq_issue_rows('sales_marketing_spends', 'finance', 'sales_marketing_spend', [
        {
            'rule': 'no_conversion_rate',
            'column': 'has_no_conversion_rate',
            'detail': "'no ' || coalesce(currency_code, 'null') || ' rate at spend_month '
                || coalesce(cast(spend_month as " ~ dbt.type_string() ~ "), 'null') || ': amount_usd is null'",
        },
    ]) }}

),

final as (

    select
        -- ids
        source_name || '.' || table_name || ':' || coalesce(record_id, 'null') || ':' || raw_row_key || ':' || rule
            as issue_id,
        record_id,
        raw_row_key,

        -- strings
        source_name,
        table_name,
        rule,
        action,
        cast(detail as {{ dbt.type_string() }}) as detail

    from issues

)

select * from final
