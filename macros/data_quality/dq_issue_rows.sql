{#-
    The data-quality rows of one base model (a relation holding every raw row of a table with
    record_id, raw_row_key, exclusion_reason, exclusion_detail and a `dq_<rule>` text column per
    flag): one row per excluded raw row, then one row per kept raw row and raised flag.
    `flags`: the flagged rules of the table (from the rules seed, macro dq_flagged_rules).
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
    {%- for rule in flags %}

    union all

    select
        '{{ source_name }}' as source_name,
        '{{ table_name }}' as table_name,
        record_id,
        raw_row_key,
        '{{ rule }}' as rule,
        'flagged' as action,
        dq_{{ rule }} as detail
    from {{ base_relation }}
    where exclusion_reason is null and dq_{{ rule }} is not null
    {%- endfor %}
{%- endmacro %}
