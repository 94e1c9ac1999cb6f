{{ config(
    materialized=incremental_materialization(),
    pre_hook="{{ delete_rolling_window('activity_date', is_changed_sales_rep()) }}"
) }}
-- depends_on: {{ ref('int_data_range') }}
-- depends_on: {{ ref('int_sales_reps') }}
-- One row per sales rep and UTC day with at least one sales activity (int_rep_activity_days
-- holds the rule): the input side of sales productivity in the semantic layer. Each row is one
-- selling day. Incremental over the same rows as int_rep_activity_days.


with

activity_days as (
    select * from {{ ref('int_rep_activity_days') }}
    {% if is_incremental() -%}
        where {{ rolling_window_rows('activity_date', is_changed_sales_rep()) }}
    {%- endif %}
),

final as (
    select
        -- ids
        {{ dbt.concat(["sales_rep_id", "'|'", dbt.safe_cast("activity_date", dbt.type_string())]) }}
            as rep_activity_day_id,
        sales_rep_id,

        -- numerics
        activities,
        calls,
        emails,
        meetings,
        talk_minutes,

        -- dates
        activity_date
    from activity_days
)

select * from final
