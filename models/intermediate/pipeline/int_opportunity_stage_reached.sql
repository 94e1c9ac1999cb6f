-- One row per opportunity and funnel stage it reached (docs: kpi_sales_stage_funnel), read from
-- the opportunity history up to the as-of date.
-- - A stage is reached when the opportunity was in it or in any later stage (by sort order): a
--   skipped stage is passed, a stage moved back to is not reached again. The reached stages of an
--   opportunity are always the first funnel steps, without a gap.
-- - reached_at is the first moment the opportunity was in the stage or beyond. The opportunity's
--   first history row counts from its creation. A won deal (status at the as-of date) reaches
--   every stage, at the latest when its first won row was written (else on its close date).
-- - Closed rows end nothing: a deal lost and reopened keeps the stages it reaches afterwards.
-- - An opportunity without a history row in an open stage is in its current stage from its
--   creation when that stage is open, else in the first funnel stage.
-- - is_skipped: the opportunity was not in the stage itself when it first reached it (it passed
--   over it). days_to_next_stage runs from entering the stage to reaching the next one, only for
--   a stage that was not skipped.

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

funnel_stages as (
    select * from {{ ref('int_opportunity_funnel_stages') }}
),

data_range as (
    select * from {{ ref('int_data_range') }}
),

-- the history up to the as-of date; the first row of an opportunity counts from its creation
history_rows as (
    select
        histories.opportunity_id,
        stages.stage_sort_order,
        coalesce(stages.is_closed, false) as is_closed_stage,
        coalesce(stages.is_won, false) as is_won_stage,
        case
            when
                row_number() over (
                    partition by histories.opportunity_id
                    order by histories.created_at, histories.opportunity_history_id
                ) = 1
                then coalesce(opportunities.created_at, histories.created_at)
            else histories.created_at
        end as entered_at
    from histories
    inner join opportunities
        on histories.opportunity_id = opportunities.opportunity_id
    left join stages
        on histories.stage_name = stages.stage_name
    cross join data_range
    where
        histories.stage_name is not null
        and histories.created_at < data_range.as_of_end_at
),

open_stage_entries as (
    select
        opportunity_id,
        stage_sort_order,
        entered_at
    from history_rows
    where
        not is_closed_stage
        and stage_sort_order is not null
),

first_won_rows as (
    select
        opportunity_id,
        min(entered_at) as won_at
    from history_rows
    where is_won_stage
    group by opportunity_id
),

opportunities_with_open_rows as (
    select distinct opportunity_id
    from open_stage_entries
),

first_funnel_stage as (
    select stage_sort_order
    from funnel_stages
    where funnel_step = 1
),

opportunities_without_open_rows as (
    select
        opportunities.opportunity_id,
        opportunities.created_at as entered_at,
        coalesce(current_stages.stage_sort_order, first_funnel_stage.stage_sort_order) as stage_sort_order
    from opportunities
    cross join first_funnel_stage
    left join stages as current_stages
        on
            opportunities.stage_name = current_stages.stage_name
            and not current_stages.is_closed
    left join opportunities_with_open_rows
        on opportunities.opportunity_id = opportunities_with_open_rows.opportunity_id
    where opportunities_with_open_rows.opportunity_id is null
),

won_opportunities as (
    select
        opportunities.opportunity_id,
        coalesce(
            first_won_rows.won_at,
            cast(opportunities.close_date as {{ dbt.type_timestamp() }})
        ) as won_at
    from opportunities
    left join first_won_rows
        on opportunities.opportunity_id = first_won_rows.opportunity_id
    where opportunities.is_won
),

-- every moment an opportunity was in a stage (by sort order), or won (beyond every stage)
entries as (
    select
        opportunity_id,
        stage_sort_order,
        entered_at,
        false as is_won_entry
    from open_stage_entries
    union all
    select
        opportunity_id,
        stage_sort_order,
        entered_at,
        false as is_won_entry
    from opportunities_without_open_rows
    union all
    select
        opportunity_id,
        cast(null as {{ dbt.type_bigint() }}) as stage_sort_order,
        won_at as entered_at,
        true as is_won_entry
    from won_opportunities
),

-- each entry reaches its stage and every funnel stage before it
stage_reach as (
    select
        entries.opportunity_id,
        funnel_stages.stage_name,
        funnel_stages.stage_sort_order,
        funnel_stages.funnel_step,
        funnel_stages.is_last_open_stage,
        min(entries.entered_at) as reached_at,
        min(
            case when entries.stage_sort_order = funnel_stages.stage_sort_order then entries.entered_at end
        ) as first_entered_at
    from entries
    inner join funnel_stages
        on
            entries.is_won_entry
            or entries.stage_sort_order >= funnel_stages.stage_sort_order
    group by
        entries.opportunity_id,
        funnel_stages.stage_name,
        funnel_stages.stage_sort_order,
        funnel_stages.funnel_step,
        funnel_stages.is_last_open_stage
),

with_next_stage as (
    select
        stage_reach.*,
        coalesce(stage_reach.first_entered_at <> stage_reach.reached_at, true) as is_skipped,
        case
            when stage_reach.is_last_open_stage then won_opportunities.won_at
            else
                lead(stage_reach.reached_at) over (
                    partition by stage_reach.opportunity_id order by stage_reach.funnel_step
                )
        end as next_stage_reached_at
    from stage_reach
    left join won_opportunities
        on stage_reach.opportunity_id = won_opportunities.opportunity_id
),

final as (
    select
        -- ids
        with_next_stage.opportunity_id,
        opportunities.sales_rep_id,

        -- stage
        with_next_stage.stage_name,
        with_next_stage.stage_sort_order,
        with_next_stage.funnel_step,

        -- owner
        opportunities.sales_rep_name,
        opportunities.sales_team,
        opportunities.sales_region,

        -- outcome at the as-of date
        opportunities.status,

        -- numerics
        case
            when
                not with_next_stage.is_skipped
                and with_next_stage.next_stage_reached_at is not null
                -- a double on every warehouse (86400.0 is a decimal literal on Spark)
                then
                    cast({{ dbt.datediff(
                        'with_next_stage.reached_at', 'with_next_stage.next_stage_reached_at', 'second'
                    ) }} as {{ type_double() }}) / 86400
        end as days_to_next_stage,

        -- booleans
        with_next_stage.is_skipped,
        with_next_stage.next_stage_reached_at is not null as is_next_stage_reached,

        -- timestamps
        with_next_stage.reached_at,
        cast(with_next_stage.reached_at as date) as reached_date,
        with_next_stage.first_entered_at,
        with_next_stage.next_stage_reached_at
    from with_next_stage
    inner join opportunities
        on with_next_stage.opportunity_id = opportunities.opportunity_id
)

select * from final
