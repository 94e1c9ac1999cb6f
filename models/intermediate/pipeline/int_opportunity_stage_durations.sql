-- One row per opportunity and open stage it spent time in: the days of all its stays in that
-- stage summed (a stage re-entered later counts once, with both stays' time).

with

stage_intervals as (
    select * from {{ ref('int_opportunity_stage_intervals') }}
),

stages as (
    select * from {{ ref('stg_salesforce__opportunity_stages') }}
),

durations as (
    select
        opportunity_id,
        stage_name,
        count(*) as stage_entries,
        min(entered_at) as first_entered_at,
        max(left_at) as last_left_at,
        {{ exact_sum('days_in_stage') }} as days_in_stage
    from stage_intervals
    where left_at is not null
    group by
        opportunity_id,
        stage_name
),

final as (
    select
        durations.opportunity_id,
        durations.stage_name,
        stages.stage_sort_order,
        durations.stage_entries,
        durations.first_entered_at,
        durations.last_left_at,
        durations.days_in_stage
    from durations
    left join stages
        on durations.stage_name = stages.stage_name
)

select * from final
