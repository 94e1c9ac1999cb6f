{{ config(
    materialized=incremental_materialization(),
    pre_hook="{{ delete_rolling_window('activity_date', is_changed_sales_rep()) }}"
) }}
-- depends_on: {{ ref('int_data_range') }}
-- Rep activity per day: one row per sales rep and UTC date with at least one sales activity
-- (int_sales_activities). Summed over reps, the rows are the selling days of
-- kpi_sales_productivity.

with

activities as (
    select * from {{ ref('int_sales_activities') }}
    {% if is_incremental() -%}
        where {{ rolling_window_rows('activity_date', is_changed_sales_rep()) }}
    {%- endif %}
),

sales_reps as (
    select * from {{ ref('int_sales_reps') }}
),

activity_days as (
    select
        sales_rep_id,
        activity_date,
        count(*) as activities,
        sum(case when activity_channel = 'call' then 1 else 0 end) as calls,
        sum(case when activity_channel = 'email' then 1 else 0 end) as emails,
        sum(case when activity_channel = 'meeting' then 1 else 0 end) as meetings,
        {{ exact_sum('talk_minutes') }} as talk_minutes
    from activities
    group by
        sales_rep_id,
        activity_date
),

final as (
    select
        activity_days.sales_rep_id,
        sales_reps.sales_rep_name,
        sales_reps.sales_team,
        sales_reps.sales_region,
        activity_days.activity_date,
        activity_days.activities,
        activity_days.calls,
        activity_days.emails,
        activity_days.meetings,
        activity_days.talk_minutes
    from activity_days
    left join sales_reps
        on activity_days.sales_rep_id = sales_reps.sales_rep_id
)

select * from final
