{#-
    The rows a KPI mart reports, for marts that aggregate per period themselves instead of using
    `join_kpi_periods`: every period of `periods` has a company row ('company', 'all', 'Company'),
    other segments only where one of `relations` has a row for them.

        period_grain, period_start, is_complete_period, segment_type, segment_value, segment_label

    Each relation (a CTE name) must hold the six key columns (kpi_key_columns); left join the
    aggregated relations to the result so that a period without data still reports its company row.

        segment_keys as (
            {{ kpi_segment_keys('periods', ['customer_counts', 'bookings']) }}
        ),
-#}
{% macro kpi_segment_keys(periods, relations) -%}
    select
        period_grain,
        period_start,
        is_complete_period,
        'company' as segment_type,
        'all' as segment_value,
        'Company' as segment_label
    from {{ periods }}
    {%- for relation in relations %}
    union
    select
        {{ kpi_key_columns(cast=false) }}
    from {{ relation }}
    {%- endfor %}
{%- endmacro %}
