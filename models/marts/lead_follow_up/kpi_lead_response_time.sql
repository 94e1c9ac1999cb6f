-- KPI "Lead response time" (docs/kpis.md): lead requests by the date they were submitted, per month,
-- quarter and year, for the company and per warmth, form type, sales team and sales rep.
-- Every rate and percentile is computed from the period's own requests, never averaged.

{%- set measure_columns = [
    'request_id',
    'event_date',
    'responded',
    'promptness_minutes',
    'promptness_business_minutes',
    'sla_minutes',
    'within_sla',
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
        responded,
        promptness_minutes,
        promptness_business_minutes,
        sla_minutes,
        within_sla,
        coalesce(sales_team, 'Unassigned') as sales_team,
        coalesce(sales_rep_name, 'Unassigned') as sales_rep_name
    from lead_requests
),

segmented as (
    {{ unpivot_kpi_segments('requests', [
        {'type': 'warmth', 'value': 'warmth'},
        {'type': 'form_type', 'value': 'form_type'},
        {'type': 'sales_team', 'value': 'sales_team'},
        {'type': 'sales_rep', 'value': 'sales_rep_id', 'label': 'sales_rep_name'},
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
        avg(cast(promptness_minutes as {{ type_double() }})) as avg_promptness_minutes,
        {{ percentile_cont('promptness_minutes', 0.5) }} as median_promptness_minutes,
        {{ percentile_cont('promptness_minutes', 0.9) }} as p90_promptness_minutes,
        {{ percentile_cont('promptness_business_minutes', 0.5) }} as median_promptness_business_minutes,
        count(case when sla_minutes is not null then request_id end) as requests_with_sla,
        count(case when within_sla then request_id end) as requests_within_sla
    from period_requests
    group by
        {{ kpi_key_columns(cast=false) }}
),

final as (
    select
        {{ kpi_key_columns() }},
        cast(lead_requests as {{ dbt.type_bigint() }}) as lead_requests,
        cast(responded_requests as {{ dbt.type_bigint() }}) as responded_requests,
        cast({{ safe_divide('responded_requests', 'lead_requests') }} as {{ type_double() }}) as response_rate,
        cast(avg_promptness_minutes as {{ type_double() }}) as avg_promptness_minutes,
        cast(median_promptness_minutes as {{ type_double() }}) as median_promptness_minutes,
        cast(p90_promptness_minutes as {{ type_double() }}) as p90_promptness_minutes,
        cast(median_promptness_business_minutes as {{ type_double() }}) as median_promptness_business_minutes,
        cast(requests_with_sla as {{ dbt.type_bigint() }}) as requests_with_sla,
        cast(requests_within_sla as {{ dbt.type_bigint() }}) as requests_within_sla,
        cast({{ safe_divide('requests_within_sla', 'requests_with_sla') }} as {{ type_double() }})
            as sla_attainment_rate
    from aggregated
)

select * from final
