-- One row per change of an opportunity's state (int_opportunity_states), with what it did to the
-- open pipeline (docs: kpi_pipeline_waterfall). The open pipeline holds the opportunities in an
-- open stage at their USD amount (0 without a rate); each change moves it by
--   open_pipeline_change_usd = created + reopened + amount change - won - lost:
-- - created: the first state, when open, enters at its amount;
-- - won: an open deal moving to a won stage leaves at its final amount (the booking), the
--   difference with its last open amount being an amount change;
-- - lost: an open deal moving to any other stage that is not open (a lost stage, a stage missing
--   from the picklist) leaves at its last open amount;
-- - reopened: a closed deal moving back to an open stage re-enters at its amount;
-- - between open stages only the amount can change the total.
-- The previous and new expected close dates tell the marts which changes slip a deal.

with

states as (
    select * from {{ ref('int_opportunity_states') }}
),

paired as (
    select
        states.*,
        lag(states.stage_name) over (partition by states.opportunity_id order by states.state_number)
            as previous_stage_name,
        lag(states.forecast_category) over (partition by states.opportunity_id order by states.state_number)
            as previous_forecast_category,
        lag(states.is_open) over (partition by states.opportunity_id order by states.state_number)
            as previous_is_open,
        lag(states.amount_usd) over (partition by states.opportunity_id order by states.state_number)
            as previous_amount_usd,
        lag(states.probability) over (partition by states.opportunity_id order by states.state_number)
            as previous_probability,
        lag(states.expected_close_date) over (partition by states.opportunity_id order by states.state_number)
            as previous_expected_close_date
    from states
),

amounts as (
    select
        paired.*,
        paired.state_number = 1 as is_creation,
        coalesce(paired.previous_is_open, false) as was_open,
        case when paired.is_open then coalesce(paired.amount_usd, 0) else 0 end as open_amount_usd,
        case when paired.previous_is_open then coalesce(paired.previous_amount_usd, 0) else 0 end
            as previous_open_amount_usd,
        case when paired.is_open then coalesce(paired.amount_usd * paired.probability / 100.0, 0) else 0 end
            as open_weighted_usd,
        case
            when paired.previous_is_open
                then coalesce(paired.previous_amount_usd * paired.previous_probability / 100.0, 0)
            else 0
        end as previous_open_weighted_usd
    from paired
),

final as (
    select
        -- ids
        opportunity_id,
        state_number as change_number,
        sales_rep_id,

        -- stage before and after
        stage_name,
        previous_stage_name,
        forecast_category,
        previous_forecast_category,

        -- owner
        sales_rep_name,
        sales_team,
        sales_region,

        -- open pipeline before and after (USD)
        open_amount_usd,
        previous_open_amount_usd,
        open_weighted_usd,
        previous_open_weighted_usd,

        -- booleans
        is_open,
        was_open,
        is_creation,

        -- dates and timestamps
        expected_close_date,
        previous_expected_close_date,
        valid_from as changed_at,

        -- what the change did
        cast(valid_from as date) as changed_date,
        open_amount_usd - previous_open_amount_usd as open_pipeline_change_usd,
        (case when is_open then 1 else 0 end) - (case when was_open then 1 else 0 end)
            as open_opportunities_change,
        case when is_creation then open_amount_usd else 0 end as created_pipeline_usd,
        case when not is_creation and not was_open and is_open then open_amount_usd else 0 end
            as reopened_pipeline_usd,
        case when was_open and is_won_stage then coalesce(amount_usd, 0) else 0 end as won_pipeline_usd,
        case when was_open and not is_open and not is_won_stage then previous_open_amount_usd else 0 end
            as lost_pipeline_usd,
        case
            when was_open and is_open then open_amount_usd - previous_open_amount_usd
            when was_open and is_won_stage then coalesce(amount_usd, 0) - previous_open_amount_usd
            else 0
        end as amount_change_usd,
        is_creation and is_open as is_created_open,
        not is_creation and not was_open and is_open as is_reopening,
        was_open and is_won_stage as is_won_change,
        was_open and not is_open and not is_won_stage as is_lost_change
    from amounts
)

select * from final
