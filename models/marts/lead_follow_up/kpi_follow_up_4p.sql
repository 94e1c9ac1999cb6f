-- KPI "4P follow-up" (docs/kpis.md): lead requests by the date they were submitted, per month, quarter
-- and year, for the company and per warmth, sales team, sales rep and response-time bucket:
-- Promptness (median), Persistence (average follow-ups after the first), Personalization
-- (average score), Performance (reached follow-ups / follow-ups, pooled), and the outcome
-- (conversion and won rates). Every rate is computed from the period's own requests.

{%- set measure_columns = [
    'request_id',
    'event_date',
    'responded',
    'promptness_minutes',
    'persistence_follow_ups',
    'personalization_score',
    'follow_ups_total',
    'reached_follow_ups',
    'converted',
    'won',
] %}

with

lead_requests as (
    select * from {{ ref('fct_lead_follow_up_4p') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

requests as (
    select
        request_id,
        submitted_date as event_date,
        warmth,
        sales_rep_id,
        response_time_bucket,
        responded,
        promptness_minutes,
        persistence_follow_ups,
        personalization_score,
        follow_ups_total,
        reached_follow_ups,
        converted,
        won,
        coalesce(sales_team, 'Unassigned') as sales_team,
        coalesce(sales_rep_name, 'Unassigned') as sales_rep_name
    from lead_requests
),

segmented as (
    {{ unpivot_kpi_segments('requests', [
        {'type': 'warmth', 'value': 'warmth'},
        {'type': 'sales_team', 'value': 'sales_team'},
        {'type': 'sales_rep', 'value': 'sales_rep_id', 'label': 'sales_rep_name'},
        {'type': 'response_time_bucket', 'value': 'response_time_bucket'},
    ], measure_columns) }}
),

period_requests as (
    {{ join_kpi_periods('periods', 'segmented', measure_columns) }}
),

aggregated as (
    select
        {{ kpi_key_columns(cast=false) }},
        count(request_id) as lead_requests,
        count(case when responded then request_id end) as responded_requests,
        {{ percentile_cont('promptness_minutes', 0.5) }} as median_promptness_minutes,
        avg(cast(persistence_follow_ups as {{ type_double() }})) as avg_persistence_follow_ups,
        avg(cast(personalization_score as {{ type_double() }})) as avg_personalization_score,
        coalesce(sum(follow_ups_total), 0) as follow_ups,
        coalesce(sum(reached_follow_ups), 0) as reached_follow_ups,
        count(case when converted then request_id end) as converted_requests,
        count(case when won then request_id end) as won_requests
    from period_requests
    group by
        {{ kpi_key_columns(cast=false) }}
),

final as (
    select
        {{ kpi_key_columns() }},
        cast(lead_requests as {{ dbt.type_bigint() }}) as lead_requests,
        cast(responded_requests as {{ dbt.type_bigint() }}) as responded_requests,
        cast(median_promptness_minutes as {{ type_double() }}) as median_promptness_minutes,
        cast(avg_persistence_follow_ups as {{ type_double() }}) as avg_persistence_follow_ups,
        cast(avg_personalization_score as {{ type_double() }}) as avg_personalization_score,
        cast(follow_ups as {{ dbt.type_bigint() }}) as follow_ups,
        cast(reached_follow_ups as {{ dbt.type_bigint() }}) as reached_follow_ups,
        cast({{ safe_divide('reached_follow_ups', 'follow_ups') }} as {{ type_double() }})
            as performance_reach_rate,
        cast(converted_requests as {{ dbt.type_bigint() }}) as converted_requests,
        cast({{ safe_divide('converted_requests', 'lead_requests') }} as {{ type_double() }})
            as conversion_rate,
        cast(won_requests as {{ dbt.type_bigint() }}) as won_requests,
        cast({{ safe_divide('won_requests', 'lead_requests') }} as {{ type_double() }}) as won_rate
    from aggregated
)

select * from final
