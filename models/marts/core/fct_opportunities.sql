-- One row per opportunity (soft-deleted ones are not in staging), for BI: status, sales cycle,
-- amount in USD at the close date, the owner's team and region and the account's geography.

with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

final as (
    select
        -- ids
        opportunity_id,
        account_id,
        sales_rep_id,

        -- strings
        opportunity_name,
        opportunity_type,
        stage_name,
        status,
        forecast_category,
        lead_source,
        sales_channel,
        sales_team,
        sales_region,
        account_region,
        account_country_code,

        -- numerics
        amount,
        currency_code,
        cast(amount_usd as {{ type_double() }}) as amount_usd,
        probability,
        cycle_days,

        -- booleans
        is_closed,
        is_won,
        is_closed_before_created,
        has_conversion_rate,

        -- dates and timestamps
        created_at,
        created_date,
        close_date
    from opportunities
)

select * from final
