-- Open pipeline by stage and by forecast category (docs: kpi_open_pipeline): at each period's end,
-- the opportunities in an open stage as the history recorded them then (int_pipeline_changes),
-- their USD amount and their amount weighted by the probability they had.
-- Grain: one row per period_grain x period_start x segment_type x segment_value x group_type x
-- group_name ('stage': the stage's name; 'forecast_category': the category of the stage).

{%- set segments = [
    {'type': 'sales_region', 'value': 'sales_region'},
    {'type': 'sales_team', 'value': 'sales_team'},
    {'type': 'sales_rep', 'value': 'sales_rep_id', 'label': 'sales_rep_name'},
] %}

{%- set change_columns = ['open_pipeline_change_usd', 'weighted_pipeline_change_usd', 'open_opportunities_change'] %}

{#- a change takes the deal out of the group it was in (was_open) and into the one it is in -#}
{%- set group_changes = [] %}
{%- for group in [
    {'type': 'stage', 'was': 'previous_stage_name', 'is': 'stage_name'},
    {'type': 'forecast_category', 'was': "coalesce(previous_forecast_category, 'Unknown')",
     'is': "coalesce(forecast_category, 'Unknown')"},
] %}
    {%- do group_changes.append({
        'type': group.type, 'name': group.was, 'sign': '-', 'filter': 'was_open',
        'amount': 'previous_open_amount_usd', 'weighted': 'previous_open_weighted_usd'}) %}
    {%- do group_changes.append({
        'type': group.type, 'name': group.is, 'sign': '', 'filter': 'is_open',
        'amount': 'open_amount_usd', 'weighted': 'open_weighted_usd'}) %}
{%- endfor %}

with

changes as (
    select * from {{ ref('int_pipeline_changes') }}
),

funnel_stages as (
    select * from {{ ref('int_opportunity_funnel_stages') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

-- the groups every company period shows: the funnel's stages and their forecast categories
pipeline_groups as (
    select
        'stage' as group_type,
        stage_name as group_name,
        stage_sort_order as group_sort_order
    from funnel_stages
    union all
    select
        'forecast_category' as group_type,
        coalesce(forecast_category, 'Unknown') as group_name,
        min(stage_sort_order) as group_sort_order
    from funnel_stages
    group by coalesce(forecast_category, 'Unknown')
),

-- each change takes a deal out of the group it was in and puts it in the group it is in now
group_change_events as (
    {%- for change in group_changes %}
        select
            changed_date as event_date,
            '{{ change.type }}' as group_type,
            {{ change.name }} as group_name,
            {{ change.sign ~ change.amount }} as open_pipeline_change_usd,
            {{ change.sign ~ change.weighted }} as weighted_pipeline_change_usd,
            {{ change.sign }}1 as open_opportunities_change,
            sales_rep_id,
            sales_rep_name,
            sales_team,
            sales_region
        from changes
        where {{ change.filter }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- added up by month and rep before the rows fan out to segments and periods (amounts as exact
-- decimals: exact_sum(..., exact=true) then adds them as they are)
group_changes as (
    {{ sum_kpi_events_by_month(
        'periods',
        'group_change_events',
        ['group_type', 'group_name', 'sales_rep_id', 'sales_rep_name', 'sales_team', 'sales_region'],
        ['open_opportunities_change'],
        ['open_pipeline_change_usd', 'weighted_pipeline_change_usd']
    ) }}
),

segmented as (
    {{ unpivot_kpi_segments(
        'group_changes',
        segments,
        ['event_date', 'group_type', 'group_name'] + change_columns
    ) }}
),

period_rows as (
    {{ join_kpi_periods(
        'periods',
        'segmented',
        change_columns,
        extra_keys=['group_type', 'group_name'],
        company_spine='pipeline_groups'
    ) }}
),

flows as (
    select
        {{ kpi_key_columns(cast=false) }},
        group_type,
        group_name,
        {{ exact_sum('open_pipeline_change_usd', exact=true) }} as open_pipeline_change_usd,
        {{ exact_sum('weighted_pipeline_change_usd', exact=true) }} as weighted_pipeline_change_usd,
        sum(open_opportunities_change) as open_opportunities_change
    from period_rows
    group by
        {{ kpi_key_columns(cast=false) }},
        group_type,
        group_name
),

balances as (
    {{ running_kpi_balances(
        'periods',
        'flows',
        [],
        {
            'open_pipeline_usd': 'open_pipeline_change_usd',
            'weighted_pipeline_usd': 'weighted_pipeline_change_usd',
            'open_opportunities': 'open_opportunities_change',
        },
        extra_keys=['group_type', 'group_name']
    ) }}
),

final as (
    select
        {{ kpi_key_columns('balances') }},
        cast(balances.group_type as {{ dbt.type_string() }}) as group_type,
        cast(balances.group_name as {{ dbt.type_string() }}) as group_name,
        cast(pipeline_groups.group_sort_order as {{ dbt.type_bigint() }}) as group_sort_order,
        cast(balances.open_opportunities as {{ dbt.type_bigint() }}) as open_opportunities,
        {{ round_measure("balances.open_pipeline_usd", 'usd') }} as open_pipeline_usd,
        {{ round_measure("balances.weighted_pipeline_usd", 'usd') }} as weighted_pipeline_usd
    from balances
    left join pipeline_groups
        on
            balances.group_type = pipeline_groups.group_type
            and balances.group_name = pipeline_groups.group_name
    -- other segments only where they hold open pipeline at the period's end
    where
        balances.segment_type = 'company'
        or balances.open_opportunities <> 0
)

select * from final
