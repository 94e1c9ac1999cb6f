-- One row: the first date and the as-of date of the data (docs/kpis.md "Data range").
-- Events are things that happened: form submissions, completed tasks, opportunity creations,
-- closes of closed opportunities, subscription starts and ends, spend months. Planned dates
-- (an open opportunity's close date) are never events. The as-of date is the latest event on or
-- before the load date (the latest `_fivetran_synced`: a subscription end or a close date after
-- it is still planned); without any load time, the latest observed event (a form fill, a
-- completed task, an opportunity creation) caps it instead. The `as_of_date` var pins it.
-- No model reads the clock. Every fact is cut at as_of_end_at (the as-of date's end).

with

form_submissions as (
    select * from {{ ref('stg_marketing__form_submissions') }}
),

tasks as (
    select * from {{ ref('stg_salesforce__tasks') }}
),

opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

subscriptions as (
    select * from {{ ref('stg_billing__subscriptions') }}
),

spends as (
    select * from {{ ref('stg_finance__sales_marketing_spends') }}
),

load_times as (
    {%- for model in [
        'stg_salesforce__users', 'stg_salesforce__accounts', 'stg_salesforce__contacts',
        'stg_salesforce__leads', 'stg_salesforce__opportunities', 'stg_salesforce__opportunity_histories',
        'stg_salesforce__opportunity_line_items', 'stg_salesforce__tasks', 'stg_salesforce__email_messages',
    ] %}
        select max(synced_at) as synced_at from {{ ref(model) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- events that cannot lie in the future: they cap the data when nothing says when it was loaded
observed_events as (
    select cast(submitted_at as date) as event_date from form_submissions
    union all
    select cast(task_at as date) as event_date from tasks
    where is_completed
    union all
    select created_date as event_date from opportunities
),

events as (
    select event_date from observed_events
    union all
    select close_date as event_date from opportunities
    where is_closed
    union all
    select cast(started_at as date) as event_date from subscriptions
    union all
    select cast(ended_at as date) as event_date from subscriptions
    union all
    select spend_month as event_date from spends
),

caps as (
    select
        (select cast(max(synced_at) as date) from load_times) as load_date,
        (select max(event_date) from observed_events) as latest_observed_date
),

bounded_events as (
    select
        events.event_date,
        caps.load_date
    from events
    cross join caps
    where
        events.event_date is not null
        and events.event_date <= coalesce(caps.load_date, caps.latest_observed_date)
),

data_range as (
    select
        min(event_date) as first_date,
        {% if var('as_of_date') is not none -%}
            cast('{{ var("as_of_date") }}' as date)
        {%- else -%}
            max(event_date)
        {%- endif %} as as_of_date,
        max(load_date) as load_date
    from bounded_events
),

final as (
    select
        first_date,
        as_of_date,
        cast({{ dbt.dateadd('day', 1, 'as_of_date') }} as {{ dbt.type_timestamp() }}) as as_of_end_at,
        load_date,
        {{ 'true' if var('as_of_date') is not none else 'false' }} as is_as_of_date_pinned
    from data_range
)

select * from final
