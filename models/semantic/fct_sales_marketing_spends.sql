-- One row per sales or marketing spend line of the finance ledger (a month, a cost category,
-- optionally tagged with a sales region and team), in USD at the spend month: the cost side of
-- CAC in the semantic layer. Selected as staged; nothing is recomputed here.


with

spends as (
    select * from {{ ref('stg_finance__sales_marketing_spends') }}
),

final as (
    select
        -- ids
        spend_id,

        -- strings
        cost_category,
        cost_type,
        sales_region,
        sales_team,

        -- numerics
        amount_usd,

        -- dates
        spend_month
    from spends
)

select * from final
