-- One row per stay of an opportunity in an open stage (docs/kpis.md, kpi_sales_stage_duration).
-- History rows are read in time order; consecutive rows with the same stage form one stay (a row
-- that only changes the amount, probability or close date does not split it). A stay is entered
-- at its first row - the opportunity's creation for the first stay - and left at the first row
-- of the next stay. The path ends at the first closed stage: closed stages are terminal and not
-- measured, and rows after them are ignored. A stay with no later row (the opportunity is still
-- there) has no left_at and no duration.

with

histories as (
    select * from {{ ref('stg_salesforce__opportunity_histories') }}
),

opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

stages as (
    select * from {{ ref('stg_salesforce__opportunity_stages') }}
),

history_rows as (
    select
        histories.opportunity_id,
        histories.stage_name,
        histories.created_at,
        coalesce(stages.is_closed, false) as is_closed_stage,
        row_number() over (
            partition by histories.opportunity_id
            order by histories.created_at, histories.opportunity_history_id
        ) as row_index
    from histories
    inner join opportunities
        on histories.opportunity_id = opportunities.opportunity_id
    left join stages
        on histories.stage_name = stages.stage_name
    where
        histories.stage_name is not null
        and histories.created_at is not null
),

first_closed_rows as (
    select
        opportunity_id,
        min(row_index) as first_closed_row_index
    from history_rows
    where is_closed_stage
    group by opportunity_id
),

path_rows as (
    select
        history_rows.opportunity_id,
        history_rows.stage_name,
        history_rows.created_at,
        history_rows.is_closed_stage,
        history_rows.row_index,
        case
            when
                history_rows.stage_name
                = lag(history_rows.stage_name) over (
                    partition by history_rows.opportunity_id order by history_rows.row_index
                )
                then 0
            else 1
        end as is_new_stay
    from history_rows
    left join first_closed_rows
        on history_rows.opportunity_id = first_closed_rows.opportunity_id
    where
        first_closed_rows.first_closed_row_index is null
        or history_rows.row_index <= first_closed_rows.first_closed_row_index
),

numbered_rows as (
    select
        opportunity_id,
        stage_name,
        created_at,
        is_closed_stage,
        sum(is_new_stay) over (
            partition by opportunity_id
            order by row_index
            rows between unbounded preceding and current row
        ) as stay_number
    from path_rows
),

stays as (
    select
        opportunity_id,
        stay_number,
        stage_name,
        is_closed_stage,
        min(created_at) as first_row_at
    from numbered_rows
    group by
        opportunity_id,
        stay_number,
        stage_name,
        is_closed_stage
),

bounded_stays as (
    select
        stays.opportunity_id,
        stays.stay_number,
        stays.stage_name,
        stays.is_closed_stage,
        case
            when stays.stay_number = 1 then opportunities.created_at
            else stays.first_row_at
        end as entered_at,
        lead(stays.first_row_at) over (
            partition by stays.opportunity_id order by stays.stay_number
        ) as left_at
    from stays
    inner join opportunities
        on stays.opportunity_id = opportunities.opportunity_id
),

final as (
    select
        opportunity_id,
        stay_number,
        stage_name,
        entered_at,
        left_at,
        -- a double on every warehouse (86400.0 is a decimal literal on Spark: 6 decimals only)
        cast({{ dbt.datediff('entered_at', 'left_at', 'second') }} as {{ type_double() }}) -- noqa: LT05
        / 86400 as days_in_stage
    from bounded_stays
    where not is_closed_stage
)

select * from final
