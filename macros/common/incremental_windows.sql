{#-
    Incremental event models (docs/runbook.md, "Daily builds"). Two kinds:

    - Raw tables (the staging base models of the big event tables): the unit is the raw id. A
      daily build reprocesses every raw row of the ids loaded since the last build, minus
      var('incremental_lookback_hours') for late syncs, and replaces those ids (delete+insert on
      record_id): the dedupe and the row rules see every row of an id, so a re-synced or deleted
      row is judged again.

          {{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='record_id') }}
          source as ( {{ raw_source('salesforce', 'task', incremental_by=('id', '_fivetran_synced', 'synced_at')) }} ),

    - Event grains downstream (follow-ups, activities, revenue months): a rolling window. A daily
      build deletes and recomputes every row dated on or after the as-of date minus
      var('incremental_lookback_days') (120: it covers the 90-day conversion window, the 30-day
      follow-up window and late syncs); older rows are settled and kept.

          {{ config(materialized='incremental', pre_hook=delete_rolling_window('follow_up_date')) }}
          ... where follow_up_date >= {{ rolling_window_start() }}   (inside {% if is_incremental() %})

    `dbt build --full-refresh` rebuilds everything from scratch and gives the same marts (tested:
    tests_python/test_incremental.py). Spark has no delete on plain Parquet tables: there, the
    models build as tables (dbt_project.yml).
-#}

{#- The first date a daily build recomputes: the as-of date minus the lookback (SQL scalar). -#}
{% macro rolling_window_start() -%}
    (
        select cast({{ dbt.dateadd('day', -1 * var('incremental_lookback_days'), 'as_of_date') }} as date)
        from {{ ref('int_data_range') }}
    )
{%- endmacro %}

{#-
    The rows a daily build recomputes (a SQL condition): those dated on or after
    rolling_window_start() and those the optional `or_where` condition names. A model's pre-hook
    deletes them from its table (delete_rolling_window) and its select reads its input through the
    same condition, so that what is deleted is what is recomputed.
-#}
{% macro rolling_window_rows(date_column, or_where=none) -%}
    {{ date_column }} >= {{ rolling_window_start() }}
    {%- if or_where %} or ({{ or_where }}){% endif %}
{%- endmacro %}

{#- The pre-hook of a rolling-window model: delete the rows it is about to recompute. -#}
{% macro delete_rolling_window(date_column, or_where=none) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where {{ rolling_window_rows(date_column, or_where) }}
    {%- endif -%}
{%- endmacro %}

{#-
    The leads and contacts whose CRM row changed within the rolling window (their load time is on
    or after its first day), the converted contacts of those leads and the contacts of accounts
    that changed (their name is the contact's company): a follow-up addressed to
    one of them is recomputed on a daily build whatever its date, since the person decides which
    request the follow-up belongs to and how personal its email reads. A subquery of ids.
-#}
{% macro recently_changed_person_ids() -%}
    select changed_leads.lead_id as person_id
    from {{ ref('stg_salesforce__leads') }} as changed_leads
    where changed_leads.synced_at >= cast({{ rolling_window_start() }} as {{ dbt.type_timestamp() }})
    union
    select changed_leads.converted_contact_id as person_id
    from {{ ref('stg_salesforce__leads') }} as changed_leads
    where
        changed_leads.synced_at >= cast({{ rolling_window_start() }} as {{ dbt.type_timestamp() }})
        and changed_leads.converted_contact_id is not null
    union
    select changed_contacts.contact_id as person_id
    from {{ ref('stg_salesforce__contacts') }} as changed_contacts
    where changed_contacts.synced_at >= cast({{ rolling_window_start() }} as {{ dbt.type_timestamp() }})
    union
    select account_contacts.contact_id as person_id
    from {{ ref('stg_salesforce__contacts') }} as account_contacts
    inner join {{ ref('stg_salesforce__accounts') }} as changed_accounts
        on account_contacts.account_id = changed_accounts.account_id
    where changed_accounts.synced_at >= cast({{ rolling_window_start() }} as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#-
    The owners whose CRM user row, role or any ancestor role changed within the rolling window
    (int_sales_reps.attributes_synced_at on or after its first day): their name, team, region and
    sales-rep status are read as they are today, so every event row of theirs is recomputed on a
    daily build whatever its date (a rep moved to another team takes their history along, as in a
    full build). A subquery of ids. A model that calls it only in a hook declares
    `-- depends_on: {{ ref('int_sales_reps') }}`.
-#}
{% macro recently_changed_sales_rep_ids() -%}
    select changed_reps.sales_rep_id
    from {{ ref('int_sales_reps') }} as changed_reps
    where changed_reps.attributes_synced_at >= cast({{ rolling_window_start() }} as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- The condition "the owner in `column` changed in the rolling window" (for rolling_window_rows). -#}
{% macro is_changed_sales_rep(column='sales_rep_id') -%}
    {{ column }} in ({{ recently_changed_sales_rep_ids() }})
{%- endmacro %}

{#-
    The condition "the follow-up's person or sales rep changed in the rolling window", over the
    columns person_id and sales_rep_id (for rolling_window_rows).
-#}
{% macro is_changed_person_or_rep() -%}
    person_id in ({{ recently_changed_person_ids() }})
    or {{ is_changed_sales_rep('sales_rep_id') }}
{%- endmacro %}

{#-
    The filter of a raw base model on a daily build (renders nothing on a full build), for
    raw_source: the raw rows of the ids loaded since the model's latest load time minus the
    lookback, and the rows without id that arrived after it. `relation` is the raw table,
    `id_column` / `loaded_at_column` its raw columns, `model_loaded_at_column` the model's own
    load-time column, and `available` the raw table's {column: data type} (raw_source_columns;
    none when unknown). The id and the load time are read as raw_source reads them
    (parse_raw_column): a column the warehouse already types is cast, not parsed from its text
    (the text parse of a timestamp runs a regular expression on every raw row: 26 s of a 28 s
    daily build of base_salesforce__tasks at scale 250).
-#}
{% macro raw_ids_loaded_since_last_build(relation, id_column, loaded_at_column, model_loaded_at_column, available=none) -%}
    {%- if is_incremental() %}
    {%- set id_family = raw_type_family(available[id_column | lower]) if available else none %}
    {%- set loaded_at_family = raw_type_family(available[loaded_at_column | lower]) if available else none %}
    where
        parsed.{{ id_column }} in (
            select {{ parse_raw_column(id_column, 'text', id_family) }}
            from {{ relation }}
            where {{ parse_raw_column(loaded_at_column, 'timestamp', loaded_at_family) }} >= (
                select {{ dbt.dateadd('hour', -1 * var('incremental_lookback_hours'), 'max(' ~ model_loaded_at_column ~ ')') }}
                from {{ this }}
            )
        )
        or (
            parsed.{{ id_column }} is null
            and parsed.{{ loaded_at_column }} > (select max({{ model_loaded_at_column }}) from {{ this }})
        )
    {%- endif %}
{%- endmacro %}

{#-
    The materialization of an incremental model: 'incremental', or 'table' on Spark (dbt-spark's
    Parquet tables take no delete, so a daily build there rebuilds the model).
-#}
{% macro incremental_materialization() -%}
    {{ return('table' if target.type == 'spark' else 'incremental') }}
{%- endmacro %}

{#-
    The accounts whose CRM row changed within the rolling window (their region may have moved),
    and the product codes of products that changed in it (their family may have moved): the
    revenue months of their subscriptions are recomputed on a daily build whatever the month.
-#}
{% macro recently_changed_subscription_keys(subscriptions_alias) -%}
    {{ subscriptions_alias }}.account_id in (
        select changed_accounts.account_id
        from {{ ref('stg_salesforce__accounts') }} as changed_accounts
        where changed_accounts.synced_at >= cast({{ rolling_window_start() }} as {{ dbt.type_timestamp() }})
    )
    or {{ subscriptions_alias }}.product_code in (
        select changed_products.product_code
        from {{ ref('stg_salesforce__products') }} as changed_products
        where changed_products.synced_at >= cast({{ rolling_window_start() }} as {{ dbt.type_timestamp() }})
    )
{%- endmacro %}
