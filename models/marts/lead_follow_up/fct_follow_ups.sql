{{ config(
    materialized=incremental_materialization(),
    on_schema_change='fail',
    pre_hook="{{ delete_rolling_window('follow_up_date', is_changed_person_or_rep()) }}"
) }}
-- depends_on: {{ ref('int_data_range') }}
-- depends_on: {{ ref('stg_salesforce__leads') }}
-- depends_on: {{ ref('stg_salesforce__contacts') }}
-- depends_on: {{ ref('stg_salesforce__accounts') }}
-- One row per follow-up (docs/kpis.md "A follow-up"): a call, outgoing email or meeting by a sales
-- rep to a lead or contact, with the lead request whose window holds it (null when outside
-- every window), the rep, whether it reached the lead and, for emails, its personalization.
-- Incremental like int_follow_ups, and over the same rows: a daily build replaces the follow-ups
-- of the rolling window, of the people that changed and of the reps that changed (whose name,
-- team and region this fact carries).

with

follow_ups as (
    select * from {{ ref('int_follow_ups') }}
    {% if is_incremental() -%}
        where {{ rolling_window_rows('follow_up_date', is_changed_person_or_rep()) }}
    {%- endif %}
),

sales_reps as (
    select * from {{ ref('int_sales_reps') }}
),

final as (
    select
        -- ids
        cast(follow_ups.follow_up_id as {{ dbt.type_string() }}) as follow_up_id,
        cast(follow_ups.request_id as {{ dbt.type_string() }}) as request_id,
        cast(follow_ups.person_id as {{ dbt.type_string() }}) as person_id,
        cast(follow_ups.person_type as {{ dbt.type_string() }}) as person_type,
        cast(follow_ups.sales_rep_id as {{ dbt.type_string() }}) as sales_rep_id,
        cast(sales_reps.sales_rep_name as {{ dbt.type_string() }}) as sales_rep_name,
        cast(sales_reps.sales_team as {{ dbt.type_string() }}) as sales_team,
        cast(sales_reps.sales_region as {{ dbt.type_string() }}) as sales_region,
        -- what and when
        cast(follow_ups.follow_up_at as {{ dbt.type_timestamp() }}) as follow_up_at,
        cast(follow_ups.follow_up_date as date) as follow_up_date,
        cast(follow_ups.follow_up_channel as {{ dbt.type_string() }}) as follow_up_channel,
        cast(follow_ups.call_disposition as {{ dbt.type_string() }}) as call_disposition,
        cast(follow_ups.request_id is not null as {{ dbt.type_boolean() }}) as is_in_request_window,
        -- performance
        cast(follow_ups.is_reached as {{ dbt.type_boolean() }}) as is_reached,
        cast(follow_ups.is_replied as {{ dbt.type_boolean() }}) as is_replied,
        -- personalization (emails only)
        cast(follow_ups.has_personalized_greeting as {{ dbt.type_boolean() }}) as has_personalized_greeting,
        cast(follow_ups.has_individual_sender as {{ dbt.type_boolean() }}) as has_individual_sender,
        cast(follow_ups.has_signature_contact_info as {{ dbt.type_boolean() }}) as has_signature_contact_info,
        cast(follow_ups.has_relevant_content as {{ dbt.type_boolean() }}) as has_relevant_content,
        cast(follow_ups.has_conversation_push as {{ dbt.type_boolean() }}) as has_conversation_push,
        cast(follow_ups.personalization_elements as {{ dbt.type_int() }}) as personalization_elements,
        cast(follow_ups.is_personalized_email as {{ dbt.type_boolean() }}) as is_personalized_email
    from follow_ups
    left join sales_reps
        on follow_ups.sales_rep_id = sales_reps.sales_rep_id
)

select * from final
