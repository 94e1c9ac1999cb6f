-- One row: the first and the as-of date of the data (docs/kpis.md "Common rules").
-- Events: form submissions, follow-up tasks, opportunity creations, closes of closed
-- opportunities, subscription starts and ends. The as-of date can be pinned with the
-- `as_of_date` var; no model reads the clock.

with

form_submissions as (
    select * from {{ ref('stg_marketing__form_submissions') }}
),

follow_ups as (
    select * from {{ ref('int_follow_ups') }}
),

opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

subscriptions as (
    select * from {{ ref('stg_billing__subscriptions') }}
),

event_dates as (
    select cast(submitted_at as date) as event_date from form_submissions
    union all
    select cast(follow_up_at as date) as event_date from follow_ups
    union all
    select created_date as event_date from opportunities
    union all
    select close_date as event_date from opportunities
    where is_closed
    union all
    select cast(started_at as date) as event_date from subscriptions
    union all
    select cast(ended_at as date) as event_date from subscriptions
),

final as (
    select
        min(event_date) as first_date,
        {% if var('as_of_date') is not none -%}
            cast('{{ var("as_of_date") }}' as date)
        {%- else -%}
            max(event_date)
        {%- endif %} as as_of_date
    from event_dates
)

select * from final
