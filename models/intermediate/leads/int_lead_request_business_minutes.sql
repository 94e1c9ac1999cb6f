-- One row per responded lead request: promptness counted only inside business hours
-- (vars business_hours_start / business_hours_end, ISO weekdays business_days; Monday-Friday
-- 09:00-17:00 by default) on the wall clock of the owner's time zone (int_sales_reps.time_zone,
-- UTC when unknown). A form filled on Friday 22:00 and answered on Monday 09:10 counts 10
-- minutes. Public holidays are not known and count as business days.
-- Set-based and portable: both ends are converted to local time (macro convert_timezone), each
-- request is spread over the local days between them (a small day-offset series: a follow-up
-- is never more than var('follow_up_window_days') days after its request), each business day's
-- opening hours are clipped to the interval, and the overlaps are summed.

{%- set opens_minute = (var('business_hours_start') * 60) | int %}
{%- set closes_minute = (var('business_hours_end') * 60) | int %}

with

lead_requests as (
    select * from {{ ref('int_lead_requests') }}
),

request_follow_ups as (
    select * from {{ ref('int_lead_request_follow_ups') }}
),

sales_reps as (
    select * from {{ ref('int_sales_reps') }}
),

day_offsets as (
    select generated_number - 1 as day_offset
    from ({{ dbt.generate_series(var('follow_up_window_days') + 2) }}) as series
),

responded as (
    select
        lead_requests.request_id,
        {{ convert_timezone('lead_requests.submitted_at', "coalesce(sales_reps.time_zone, 'UTC')") }}
            as local_start_at,
        {{ convert_timezone('request_follow_ups.first_follow_up_at', "coalesce(sales_reps.time_zone, 'UTC')") }}
            as local_end_at
    from lead_requests
    inner join request_follow_ups
        on lead_requests.request_id = request_follow_ups.request_id
    left join sales_reps
        on lead_requests.sales_rep_id = sales_reps.sales_rep_id
),

responded_days as (
    select
        request_id,
        local_start_at,
        local_end_at,
        cast(local_start_at as date) as local_start_date,
        {{ dbt.datediff('cast(local_start_at as date)', 'cast(local_end_at as date)', 'day') }}
            as local_days_spanned
    from responded
),

calendar_days as (
    select
        responded_days.request_id,
        responded_days.local_start_at,
        responded_days.local_end_at,
        cast(
            {{ dbt.dateadd('day', 'day_offsets.day_offset', 'responded_days.local_start_date') }} as date
        ) as calendar_date
    from responded_days
    inner join day_offsets
        on responded_days.local_days_spanned >= day_offsets.day_offset
),

business_day_hours as (
    select
        request_id,
        local_start_at,
        local_end_at,
        {{ dbt.dateadd('minute', opens_minute, 'calendar_date') }} as opens_at,
        {{ dbt.dateadd('minute', closes_minute, 'calendar_date') }} as closes_at
    from calendar_days
    where {{ iso_day_of_week('calendar_date') }} in ({{ var('business_days') | join(', ') }})
),

clipped_hours as (
    select
        request_id,
        case when local_start_at > opens_at then local_start_at else opens_at end as overlap_start_at,
        case when local_end_at < closes_at then local_end_at else closes_at end as overlap_end_at
    from business_day_hours
),

business_seconds as (
    select
        request_id,
        sum(
            case
                when overlap_end_at > overlap_start_at
                    then {{ dbt.datediff('overlap_start_at', 'overlap_end_at', 'second') }}
                else 0
            end
        ) as business_seconds
    from clipped_hours
    group by request_id
),

final as (
    select
        responded.request_id,
        responded.local_start_at,
        responded.local_end_at,
        cast(coalesce(business_seconds.business_seconds, 0) as {{ type_double() }}) / 60
            as promptness_business_minutes
    from responded
    left join business_seconds
        on responded.request_id = business_seconds.request_id
)

select * from final
