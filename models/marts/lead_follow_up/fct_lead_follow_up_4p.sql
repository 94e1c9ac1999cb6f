-- The 4P fact (docs/kpis.md "fct_lead_follow_up_4p"): one row per lead request with its person,
-- owner, warmth and SLA, and how it was followed up within its window:
-- Promptness, Persistence, Personalization and Performance, then the outcome (converted, won).

with

lead_requests as (
    select * from {{ ref('int_lead_requests') }}
),

request_follow_ups as (
    select * from {{ ref('int_lead_request_follow_ups') }}
),

business_minutes as (
    select * from {{ ref('int_lead_request_business_minutes') }}
),

conversions as (
    select * from {{ ref('int_lead_request_conversions') }}
),

sales_reps as (
    select * from {{ ref('int_sales_reps') }}
),

joined as (
    select
        lead_requests.request_id,
        lead_requests.lead_id,
        lead_requests.contact_id,
        lead_requests.person_type,
        lead_requests.account_id,
        lead_requests.sales_rep_id,
        sales_reps.sales_rep_name,
        sales_reps.sales_team,
        sales_reps.sales_region,
        lead_requests.submitted_at,
        lead_requests.submitted_date,
        lead_requests.form_type,
        lead_requests.asset_name,
        lead_requests.warmth,
        lead_requests.sla_minutes,
        request_follow_ups.first_follow_up_at,
        cast(
            {{ dbt.datediff('lead_requests.submitted_at', 'request_follow_ups.first_follow_up_at', 'second') }}
            as {{ type_double() }}
        ) / 60 as promptness_minutes,
        business_minutes.promptness_business_minutes,
        coalesce(request_follow_ups.follow_ups_total, 0) as follow_ups_total,
        request_follow_ups.follow_up_channels,
        coalesce(request_follow_ups.follow_up_channel_count, 0) as follow_up_channel_count,
        coalesce(request_follow_ups.email_follow_ups, 0) as email_follow_ups,
        request_follow_ups.personalization_score,
        coalesce(request_follow_ups.personalized_emails, 0) as personalized_emails,
        coalesce(request_follow_ups.reached_follow_ups, 0) as reached_follow_ups,
        coalesce(request_follow_ups.has_reached_lead, false) as has_reached_lead,
        coalesce(request_follow_ups.has_lead_replied, false) as has_lead_replied,
        conversions.is_converted,
        conversions.converted_opportunity_id,
        conversions.is_won
    from lead_requests
    left join request_follow_ups
        on lead_requests.request_id = request_follow_ups.request_id
    left join business_minutes
        on lead_requests.request_id = business_minutes.request_id
    left join conversions
        on lead_requests.request_id = conversions.request_id
    left join sales_reps
        on lead_requests.sales_rep_id = sales_reps.sales_rep_id
),

final as (
    select
        -- ids
        cast(request_id as {{ dbt.type_string() }}) as request_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        cast(person_type as {{ dbt.type_string() }}) as person_type,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(sales_rep_id as {{ dbt.type_string() }}) as sales_rep_id,
        cast(sales_rep_name as {{ dbt.type_string() }}) as sales_rep_name,
        cast(sales_team as {{ dbt.type_string() }}) as sales_team,
        cast(sales_region as {{ dbt.type_string() }}) as sales_region,
        -- the request
        cast(submitted_at as {{ dbt.type_timestamp() }}) as submitted_at,
        cast(submitted_date as date) as submitted_date,
        cast(form_type as {{ dbt.type_string() }}) as form_type,
        cast(asset_name as {{ dbt.type_string() }}) as asset_name,
        cast(warmth as {{ dbt.type_string() }}) as warmth,
        cast(sla_minutes as {{ dbt.type_int() }}) as sla_minutes,
        -- promptness
        cast(first_follow_up_at as {{ dbt.type_timestamp() }}) as first_follow_up_at,
        cast(promptness_minutes as {{ type_double() }}) as promptness_minutes,
        cast(promptness_business_minutes as {{ type_double() }}) as promptness_business_minutes,
        cast(first_follow_up_at is not null as {{ dbt.type_boolean() }}) as is_responded,
        cast(
            case
                when sla_minutes is null then null
                when first_follow_up_at is null then false
                else promptness_minutes <= sla_minutes
            end as {{ dbt.type_boolean() }}
        ) as is_within_sla,
        cast(
            case
                when promptness_minutes is null then 'no response'
                when promptness_minutes <= 5 then '0-5 min'
                when promptness_minutes <= 60 then '5-60 min'
                when promptness_minutes <= 1440 then '1-24 h'
                else '>24 h'
            end as {{ dbt.type_string() }}
        ) as response_time_bucket,
        -- persistence
        cast(follow_ups_total as {{ dbt.type_bigint() }}) as follow_ups_total,
        cast(
            case when follow_ups_total >= 1 then follow_ups_total - 1 else 0 end as {{ dbt.type_bigint() }}
        ) as persistence_follow_ups,
        cast(follow_up_channels as {{ dbt.type_string() }}) as follow_up_channels,
        cast(follow_up_channel_count as {{ dbt.type_bigint() }}) as follow_up_channel_count,
        -- personalization
        cast(email_follow_ups as {{ dbt.type_bigint() }}) as email_follow_ups,
        cast(personalization_score as {{ type_double() }}) as personalization_score,
        cast(personalized_emails as {{ dbt.type_bigint() }}) as personalized_emails,
        -- performance
        cast(reached_follow_ups as {{ dbt.type_bigint() }}) as reached_follow_ups,
        cast({{ safe_divide('reached_follow_ups', 'follow_ups_total') }} as {{ type_double() }})
            as performance_reach_rate,
        cast(has_reached_lead as {{ dbt.type_boolean() }}) as has_reached_lead,
        cast(has_lead_replied as {{ dbt.type_boolean() }}) as has_lead_replied,
        -- outcome
        cast(is_converted as {{ dbt.type_boolean() }}) as is_converted,
        cast(converted_opportunity_id as {{ dbt.type_string() }}) as converted_opportunity_id,
        cast(is_won as {{ dbt.type_boolean() }}) as is_won
    from joined
)

select * from final
