{#-
    One row per raw row that is excluded from staging, or kept but flagged, with its rule.
    The rules are listed once, in the seed dq_rules (seeds/data_quality/dq_rules.csv); each base
    model (models/staging/<source>/base/) applies them: `exclusion_reason` for the rule that
    excludes a row, a `dq_<rule>` column with the detail of each flag. This model only lists the
    outcome. Flags are listed for kept rows only; an excluded row appears once.
-#}

{%- set raw_tables = [
    ('salesforce', 'user_role', 'base_salesforce__user_roles'),
    ('salesforce', 'user', 'base_salesforce__users'),
    ('salesforce', 'account', 'base_salesforce__accounts'),
    ('salesforce', 'contact', 'base_salesforce__contacts'),
    ('salesforce', 'lead', 'base_salesforce__leads'),
    ('salesforce', 'opportunity', 'base_salesforce__opportunities'),
    ('salesforce', 'opportunity_history', 'base_salesforce__opportunity_histories'),
    ('salesforce', 'opportunity_stage', 'base_salesforce__opportunity_stages'),
    ('salesforce', 'opportunity_line_item', 'base_salesforce__opportunity_line_items'),
    ('salesforce', 'product_2', 'base_salesforce__products'),
    ('salesforce', 'task', 'base_salesforce__tasks'),
    ('salesforce', 'email_message', 'base_salesforce__email_messages'),
    ('salesforce', 'dated_conversion_rate', 'base_salesforce__dated_conversion_rates'),
    ('marketing', 'form_submission', 'base_marketing__form_submissions'),
    ('billing', 'subscription', 'base_billing__subscriptions'),
    ('finance', 'sales_marketing_spend', 'base_finance__sales_marketing_spends'),
] %}
{%- set table_keys = [] %}
{%- for source_name, table_name, model_name in raw_tables %}
    {%- do table_keys.append(source_name ~ '.' ~ table_name) %}
{%- endfor %}
{%- set flags = dq_flagged_rules(table_keys) %}

with

{% for source_name, table_name, model_name in raw_tables -%}
    {{ table_name }}_rows as (

        select * from {{ ref(model_name) }}

    ),

{% endfor -%}

issues as (

    {% for source_name, table_name, model_name in raw_tables -%}
        {{ dq_issue_rows(table_name ~ '_rows', source_name, table_name, flags[source_name ~ '.' ~ table_name]) }}
        {%- if not loop.last %}

            union all

        {% endif %}
    {%- endfor %}

),

final as (

    select
        -- ids
        source_name || '.' || table_name || ':' || coalesce(record_id, 'null') || ':' || raw_row_key || ':' || rule
            as issue_id,
        record_id,
        raw_row_key,

        -- strings
        source_name,
        table_name,
        rule,
        action,
        cast(detail as {{ dbt.type_string() }}) as detail

    from issues

)

select * from final
