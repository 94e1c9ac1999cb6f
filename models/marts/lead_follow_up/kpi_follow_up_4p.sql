-- KPI "4P follow-up" (docs/kpis.md): lead requests by the date they were submitted, per month, quarter
-- and year, for the company and per warmth, sales team, sales rep and response-time bucket, and per
-- channel group, UTM source, UTM medium and lead source:
-- Promptness (median), Persistence (average follow-ups after the first), Personalization
-- (average score), Performance (reached follow-ups / follow-ups, pooled), and the outcome
-- (conversion and won rates). Every rate is computed from the period's own requests.
-- is_follow_up_maturing / is_conversion_maturing mark the periods whose requests may still be
-- followed up (30-day windows) / convert (90 days) after the as-of date: those rates are not final.

{%- set measure_columns = [
    'request_id',
    'event_date',
    'is_responded',
    'promptness_minutes',
    'persistence_follow_ups',
    'personalization_score',
    'follow_ups_total',
    'reached_follow_ups',
    'is_converted',
    'is_won',
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
        is_responded,
        promptness_minutes,
        -- averaged as exact decimals, read once per request before the rows fan out (exact_avg below)
        {{ as_exact_decimal('persistence_follow_ups') }} as persistence_follow_ups,
        {{ as_exact_decimal('personalization_score') }} as personalization_score,
        follow_ups_total,
        reached_follow_ups,
        is_converted,
        is_won,
        sales_team,
        sales_rep_name,
        channel_group,
        utm_source,
        utm_medium,
        lead_source
    from lead_requests
),

segmented as (
    {{ unpivot_kpi_segments('requests', [
        {'type': 'warmth', 'value': 'warmth'},
        {'type': 'sales_team', 'value': 'sales_team'},
        {'type': 'sales_rep', 'value': 'sales_rep_id', 'label': 'sales_rep_name'},
        {'type': 'response_time_bucket', 'value': 'response_time_bucket'},
        {'type': 'channel_group', 'value': 'channel_group'},
        {'type': 'utm_source', 'value': 'utm_source'},
        {'type': 'utm_medium', 'value': 'utm_medium'},
        {'type': 'lead_source', 'value': 'lead_source'},
    ], measure_columns) }}
),

period_requests as (
    {{ join_kpi_periods('periods', 'segmented', measure_columns) }}
),

aggregated as (
    select
        {{ kpi_key_columns(cast=false) }},
        count(request_id) as lead_requests,
        count(case when is_responded then request_id end) as responded_requests,
        {{ percentile_cont('promptness_minutes', 0.5) }} as median_promptness_minutes,
        {{ exact_avg('persistence_follow_ups', exact=true) }} as avg_persistence_follow_ups,
        {{ exact_avg('personalization_score', exact=true) }} as avg_personalization_score,
        coalesce(sum(follow_ups_total), 0) as follow_ups,
        coalesce(sum(reached_follow_ups), 0) as reached_follow_ups,
        count(case when is_converted then request_id end) as converted_requests,
        count(case when is_won then request_id end) as won_requests
    from period_requests
    group by
        {{ kpi_key_columns(cast=false) }}
),

final as (
    select
        {{ kpi_key_columns('aggregated') }},
        cast(periods.is_follow_up_maturing as {{ dbt.type_boolean() }}) as is_follow_up_maturing,
        cast(periods.is_conversion_maturing as {{ dbt.type_boolean() }}) as is_conversion_maturing,
        cast(aggregated.lead_requests as {{ dbt.type_bigint() }}) as lead_requests,
        cast(aggregated.responded_requests as {{ dbt.type_bigint() }}) as responded_requests,
        {{ round_measure('aggregated.median_promptness_minutes', 'minutes') }} as median_promptness_minutes,
        {{ round_measure('aggregated.avg_persistence_follow_ups', 'number') }} as avg_persistence_follow_ups,
        {{ round_measure('aggregated.avg_personalization_score', 'number') }} as avg_personalization_score,
        cast(aggregated.follow_ups as {{ dbt.type_bigint() }}) as follow_ups,
        cast(aggregated.reached_follow_ups as {{ dbt.type_bigint() }}) as reached_follow_ups,
        {{ round_measure(safe_divide('reached_follow_ups', 'follow_ups'), 'rate') }} as performance_reach_rate,
        cast(aggregated.converted_requests as {{ dbt.type_bigint() }}) as converted_requests,
        {{ round_measure(safe_divide('converted_requests', 'lead_requests'), 'rate') }} as conversion_rate,
        cast(aggregated.won_requests as {{ dbt.type_bigint() }}) as won_requests,
        {{ round_measure(safe_divide('won_requests', 'lead_requests'), 'rate') }} as won_rate
    from aggregated
    inner join periods
        on
            aggregated.period_grain = periods.period_grain
            and aggregated.period_start = periods.period_start
)

select * from final
