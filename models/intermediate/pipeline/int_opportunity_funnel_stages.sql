-- One row per step of the sales funnel (kpi_sales_stage_funnel): the active open stages of the
-- picklist in sort order, each with the stage that follows it. The last open stage is followed by
-- the won stage (the first active won stage by sort order).

with

stages as (
    select * from {{ ref('stg_salesforce__opportunity_stages') }}
),

open_stages as (
    select
        stage_name,
        stage_sort_order,
        forecast_category,
        row_number() over (order by stage_sort_order, stage_name) as funnel_step
    from stages
    where
        is_active
        and not is_closed
),

won_stages as (
    select
        stage_name,
        row_number() over (order by stage_sort_order, stage_name) as won_rank
    from stages
    where
        is_active
        and is_won
),

final as (
    select
        open_stages.stage_name,
        open_stages.stage_sort_order,
        open_stages.funnel_step,
        open_stages.forecast_category,
        coalesce(
            lead(open_stages.stage_name) over (order by open_stages.funnel_step),
            won_stages.stage_name
        ) as next_stage_name,
        lead(open_stages.stage_name) over (order by open_stages.funnel_step) is null
            as is_last_open_stage
    from open_stages
    left join won_stages
        on won_stages.won_rank = 1
)

select * from final
