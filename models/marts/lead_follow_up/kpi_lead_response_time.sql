-- KPI "Lead response time" (docs/kpis.md): lead requests by the date they were submitted, per month,
-- quarter and year, for the company and per warmth, form type, sales team and sales rep, and per
-- channel group, UTM source, UTM medium and lead source (where the request came from).
-- Every rate and percentile is computed from the period's own requests, never averaged.
-- is_follow_up_maturing marks the periods whose requests may still be answered after the
-- as-of date (their 30-day windows are open): their rates are not final.

{%- set measure_columns = [
    'request_id',
    'event_date',
    'is_responded',
    'promptness_minutes',
    'promptness_minutes_exact',
    'promptness_business_minutes',
    'sla_minutes',
    'is_within_sla',
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
        form_type,
        sales_rep_id,
        is_responded,
        promptness_minutes,
        -- read as an exact decimal once per request, before the rows fan out (exact_avg below)
        {{ as_exact_decimal('promptness_minutes') }} as promptness_minutes_exact,
        promptness_business_minutes,
        sla_minutes,
        is_within_sla,
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
        {'type': 'form_type', 'value': 'form_type'},
        {'type': 'sales_team', 'value': 'sales_team'},
        {'type': 'sales_rep', 'value': 'sales_rep_id', 'label': 'sales_rep_name'},
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
        {{ exact_avg('promptness_minutes_exact', exact=true) }} as avg_promptness_minutes,
        {{ percentile_cont('promptness_minutes', 0.5) }} as median_promptness_minutes,
        {{ percentile_cont('promptness_minutes', 0.9) }} as p90_promptness_minutes,
        {{ percentile_cont('promptness_business_minutes', 0.5) }} as median_promptness_business_minutes,
        count(case when sla_minutes is not null then request_id end) as requests_with_sla,
        count(case when is_within_sla then request_id end) as requests_within_sla
    from period_requests
    group by
        {{ kpi_key_columns(cast=false) }}
),

final as (
    select
        {{ kpi_key_columns('aggregated') }},
        cast(periods.is_follow_up_maturing as {{ dbt.type_boolean() }}) as is_follow_up_maturing,
        cast(aggregated.lead_requests as {{ dbt.type_bigint() }}) as lead_requests,
        cast(aggregated.responded_requests as {{ dbt.type_bigint() }}) as responded_requests,
        {{ round_measure(safe_divide('responded_requests', 'lead_requests'), 'rate') }} as response_rate,
        {{ round_measure('aggregated.avg_promptness_minutes', 'minutes') }} as avg_promptness_minutes,
        {{ round_measure('aggregated.median_promptness_minutes', 'minutes') }} as median_promptness_minutes,
        {{ round_measure('aggregated.p90_promptness_minutes', 'minutes') }} as p90_promptness_minutes,
        {{ round_measure('aggregated.median_promptness_business_minutes', 'minutes') }}
            as median_promptness_business_minutes,
        cast(aggregated.requests_with_sla as {{ dbt.type_bigint() }}) as requests_with_sla,
        cast(aggregated.requests_within_sla as {{ dbt.type_bigint() }}) as requests_within_sla,
        {{ round_measure(safe_divide('requests_within_sla', 'requests_with_sla'), 'rate') }} as sla_attainment_rate
    from aggregated
    inner join periods
        on
            aggregated.period_grain = periods.period_grain
            and aggregated.period_start = periods.period_start
)

select * from final
