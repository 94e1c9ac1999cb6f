-- Customer acquisition cost (docs/kpis.md): new customers (accounts whose first won opportunity closes
-- in the period, attributed to that opportunity's owner) and sales and marketing spend by
-- spend_month; cac_usd = total_spend_usd / new_customers.
-- Company rows hold all spend and all new customers; a sales_region / sales_team row holds the
-- spend tagged with that region / team and the new customers won by reps of that region / team
-- (untagged spend and customers of reps without a team are in the company row only).
-- Grain: one row per period_grain x period_start x segment_type x segment_value.

{%- set segments = [
    {'type': 'sales_region', 'value': 'sales_region'},
    {'type': 'sales_team', 'value': 'sales_team'},
] %}

with

new_customers as (
    select * from {{ ref('int_new_customers') }}
),

spends as (
    select * from {{ ref('stg_finance__sales_marketing_spends') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

acquisition_events as (
    select
        acquired_date as event_date,
        account_id,
        cast(null as {{ dbt.type_string() }}) as cost_category,
        cast(null as {{ type_double() }}) as amount_usd,
        sales_region,
        sales_team
    from new_customers
    union all
    select
        spend_month as event_date,
        cast(null as {{ dbt.type_string() }}) as account_id,
        cost_category,
        amount_usd,
        sales_region,
        sales_team
    from spends
    where spend_month is not null
),

segmented as (
    {{ unpivot_kpi_segments(
        'acquisition_events',
        segments,
        ['event_date', 'account_id', 'cost_category', 'amount_usd']
    ) }}
),

period_rows as (
    {{ join_kpi_periods('periods', 'segmented', ['account_id', 'cost_category', 'amount_usd']) }}
),

aggregated as (
    select
        {{ kpi_key_columns(cast=false) }},
        count(distinct account_id) as new_customers,
        coalesce({{ exact_sum("case when cost_category = 'sales' then amount_usd end") }}, 0) as sales_spend_usd,
        coalesce({{ exact_sum("case when cost_category = 'marketing' then amount_usd end") }}, 0)
            as marketing_spend_usd,
        -- both cost categories, as CAC says: a row of another (or no) category is no acquisition cost
        coalesce({{ exact_sum("case when cost_category in ('sales', 'marketing') then amount_usd end") }}, 0)
            as total_spend_usd
    from period_rows
    group by
        {{ kpi_key_columns(cast=false) }}
),

final as (
    select
        {{ kpi_key_columns() }},
        new_customers,
        {{ round_measure('sales_spend_usd', 'usd') }} as sales_spend_usd,
        {{ round_measure('marketing_spend_usd', 'usd') }} as marketing_spend_usd,
        {{ round_measure('total_spend_usd', 'usd') }} as total_spend_usd,
        {{ round_measure(safe_divide('total_spend_usd', 'new_customers'), 'usd') }} as cac_usd
    from aggregated
)

select * from final
