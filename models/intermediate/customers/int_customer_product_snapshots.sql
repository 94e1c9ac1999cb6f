-- Customer activity over time, per account x product: one row per snapshot instant and
-- account x product active then. An account is an active customer of a product at instant t
-- when it has a subscription to it with started_at <= t < coalesce(ended_at, infinity)
-- (docs/kpis.md, kpi_customer_churn_rate).
-- The snapshot instants are the boundaries of the reporting periods: every period_start and
-- measured_end of int_kpi_periods, at 00:00 UTC. mrr_usd is converted at the first day of the
-- snapshot's month.

with

subscriptions as (
    select * from {{ ref('int_subscriptions_enriched') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

rates as (
    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}
),

snapshot_dates as (
    select period_start as snapshot_date from periods
    union
    select measured_end as snapshot_date from periods
),

active_subscriptions as (
    select
        snapshot_dates.snapshot_date,
        subscriptions.subscription_id,
        subscriptions.account_id,
        subscriptions.product_code,
        subscriptions.product_name,
        subscriptions.product_family,
        subscriptions.edition_rank,
        subscriptions.account_region,
        subscriptions.mrr,
        subscriptions.currency_code
    from snapshot_dates
    inner join subscriptions
        on
            subscriptions.started_at <= cast(snapshot_dates.snapshot_date as {{ dbt.type_timestamp() }})
            and (
                subscriptions.ended_at is null
                or subscriptions.ended_at > cast(snapshot_dates.snapshot_date as {{ dbt.type_timestamp() }})
            )
),

converted as (
    select
        active_subscriptions.snapshot_date,
        active_subscriptions.subscription_id,
        active_subscriptions.account_id,
        active_subscriptions.product_code,
        active_subscriptions.product_name,
        active_subscriptions.product_family,
        active_subscriptions.edition_rank,
        active_subscriptions.account_region,
        {{ to_usd('active_subscriptions.mrr', 'active_subscriptions.currency_code', 'snapshot') }}
            as mrr_usd
    from active_subscriptions
    {{ usd_rate_joins(
        'rates',
        'active_subscriptions.currency_code',
        dbt.date_trunc('month', 'active_subscriptions.snapshot_date'),
        'snapshot'
    ) }}
),

final as (
    select
        snapshot_date,
        account_id,
        product_code,
        product_name,
        product_family,
        account_region,
        max(edition_rank) as edition_rank,
        count(*) as active_subscriptions,
        {{ exact_sum('mrr_usd') }} as mrr_usd
    from converted
    group by
        snapshot_date,
        account_id,
        product_code,
        product_name,
        product_family,
        account_region
)

select * from final
