-- One row per sales rep and UTC day with at least one sales activity (int_rep_activity_days
-- holds the rule): the input side of sales productivity in the semantic layer. Each row is one
-- selling day.


with

activity_days as (
    select * from {{ ref('int_rep_activity_days') }}
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
