{#-
    The data-quality rows of one base model (a CTE or relation holding every raw row of a table with
    record_id, raw_row_key, exclusion_reason, exclusion_detail and flag columns):
    one row per excluded raw row, then one row per kept raw row and raised flag.
    flags: list of {'rule': 'invalid_email', 'column': 'has_invalid_email', 'detail': '<sql expression>'}.
-#}
{% macro dq_issue_rows(base_relation, source_name, table_name, flags=[]) -%}
    select
        '{{ source_name }}' as source_name,
        '{{ table_name }}' as table_name,
        record_id,
        raw_row_key,
        exclusion_reason as rule,
        'excluded' as action,
        exclusion_detail as detail
    from {{ base_relation }}
    where exclusion_reason is not null
    {%- for flag in flags %}

    union all

    select
        '{{ source_name }}' as source_name,
        '{{ table_name }}' as table_name,
        record_id,
        raw_row_key,
        '{{ flag.rule }}' as rule,
        'flagged' as action,
        {{ flag.detail }} as detail
    from {{ base_relation }}
    where exclusion_reason is null and {{ flag.column }}
    {%- endfor %}
{%- endmacro %}
