-- One row per opportunity and funnel stage it reached, for the semantic layer's stage funnel:
-- the cohort date (the day the stage was first reached), whether the next stage was reached and
-- the deal won, and the days to the next stage. Selected as they are from
-- int_opportunity_stage_reached (which holds the rules); nothing is recomputed here.

with

stage_reached as (
    select * from {{ ref('int_opportunity_stage_reached') }}
),

final as (
    select
        -- ids
        {{ dbt.concat(["opportunity_id", "'|'", "stage_name"]) }} as opportunity_stage_id,
        opportunity_id,
        sales_rep_id,

        -- strings
        stage_name,
        status,

        -- numerics
        funnel_step,
        days_to_next_stage,

        -- booleans
        is_skipped,
        is_next_stage_reached,

        -- dates
        reached_date
    from stage_reached
)

select * from final
