-- One row per change of an opportunity's state (its creation included), for the semantic layer's
-- pipeline metrics: what the change did to the open pipeline in USD and in deals, and the flows
-- (created, won, lost). Selected as they are from int_pipeline_changes (which holds the rules);
-- the open pipeline at a date is the running sum of the changes up to it.

with

changes as (
    select * from {{ ref('int_pipeline_changes') }}
),

final as (
    select
        -- ids
        {{ dbt.concat(["opportunity_id", "'|'", dbt.safe_cast("change_number", dbt.type_string())]) }}
            as pipeline_change_id,
        opportunity_id,
        sales_rep_id,

        -- strings
        stage_name,
        forecast_category,

        -- numerics
        open_pipeline_change_usd,
        open_opportunities_change,
        created_pipeline_usd,
        won_pipeline_usd,
        lost_pipeline_usd,

        -- dates
        changed_date
    from changes
)

select * from final
