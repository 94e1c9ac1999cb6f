-- One row per state of an opportunity, as its history recorded it up to the as-of date
-- (docs: kpi_pipeline_waterfall): the stage, amount, probability and expected close date it had
-- from valid_from (a history row; the first one counts from the opportunity's creation) until
-- valid_to (the next row; null for the state it is still in). An opportunity without history is
-- in its current stage, amount and close date since its creation.
-- Amounts convert to USD at one rate per opportunity, that of its close date (as its amount_usd
-- and its bookings do), so that a currency move never shows as a pipeline change.
-- is_open: the stage is an open stage of the picklist (a stage missing from it is not open);
-- forecast_category: the category of the stage in the picklist (the history keeps no override).

with

histories as (
    select * from {{ ref('stg_salesforce__opportunity_histories') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

stages as (
    select * from {{ ref('stg_salesforce__opportunity_stages') }}
),

rates as (
    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}
),

data_range as (
    select * from {{ ref('int_data_range') }}
),

history_states as (
    select
        histories.opportunity_id,
        histories.opportunity_history_id,
        histories.stage_name,
        histories.amount,
        histories.probability,
        histories.close_date as expected_close_date,
        histories.created_at
    from histories
    cross join data_range
    where
        histories.stage_name is not null
        and histories.created_at < data_range.as_of_end_at
),

opportunities_with_history as (
    select distinct opportunity_id
    from history_states
),

-- an opportunity without history: its current values since its creation
current_states as (
    select
        opportunities.opportunity_id,
        cast(null as {{ dbt.type_string() }}) as opportunity_history_id,
        opportunities.stage_name,
        opportunities.amount,
        opportunities.probability,
        opportunities.close_date as expected_close_date,
        opportunities.created_at
    from opportunities
    left join opportunities_with_history
        on opportunities.opportunity_id = opportunities_with_history.opportunity_id
    where opportunities_with_history.opportunity_id is null
),

all_states as (
    select * from history_states
    union all
    select * from current_states
),

numbered as (
    select
        all_states.opportunity_id,
        all_states.stage_name,
        all_states.amount,
        all_states.probability,
        all_states.expected_close_date,
        opportunities.currency_code,
        opportunities.close_date as opportunity_close_date,
        all_states.created_at as recorded_at,
        opportunities.created_at as opportunity_created_at,
        row_number() over (
            partition by all_states.opportunity_id
            order by all_states.created_at, all_states.opportunity_history_id
        ) as state_number
    from all_states
    inner join opportunities
        on all_states.opportunity_id = opportunities.opportunity_id
),

bounded as (
    select
        numbered.*,
        case
            when numbered.state_number = 1 then coalesce(numbered.opportunity_created_at, numbered.recorded_at)
            else numbered.recorded_at
        end as valid_from
    from numbered
),

converted as (
    select
        bounded.opportunity_id,
        bounded.state_number,
        bounded.stage_name,
        bounded.amount,
        bounded.currency_code,
        bounded.probability,
        bounded.expected_close_date,
        bounded.valid_from,
        {{ to_usd('bounded.amount', 'bounded.currency_code', 'close') }} as amount_usd
    from bounded
    {{ usd_rate_joins('rates', 'bounded.currency_code', 'bounded.opportunity_close_date', 'close') }}
),

final as (
    select
        -- ids
        converted.opportunity_id,
        converted.state_number,
        opportunities.sales_rep_id,

        -- stage
        converted.stage_name,
        stages.stage_sort_order,
        stages.forecast_category,

        -- owner
        opportunities.sales_rep_name,
        opportunities.sales_team,
        opportunities.sales_region,

        -- numerics
        converted.amount,
        converted.currency_code,
        converted.amount_usd,
        converted.probability,

        -- dates and timestamps
        converted.expected_close_date,
        converted.valid_from,

        -- booleans
        coalesce(not stages.is_closed, false) as is_open,
        coalesce(stages.is_won, false) as is_won_stage,

        -- end of the state
        lead(converted.valid_from) over (
            partition by converted.opportunity_id order by converted.state_number
        ) as valid_to
    from converted
    inner join opportunities
        on converted.opportunity_id = opportunities.opportunity_id
    left join stages
        on converted.stage_name = stages.stage_name
)

select * from final
