{#-
    Spreads segmented events (the output of `unpivot_kpi_segments`) over the reporting periods
    `periods` (ref('int_kpi_periods')): an event dated d belongs to a period when
    d >= period_start and d < measured_end (so once per grain, and never after the as-of date).

    Returns one row per (period, segment, event) with the KPI key columns first:

        period_grain, period_start, is_complete_period, segment_type, segment_value,
        segment_label, <extra_keys...>, <columns...>

    The company segment gets a row for EVERY period (and every row of `company_spine` when
    extra key columns are given, e.g. every open stage), with null event columns when nothing
    happened, so that count(...) gives 0 and rates are null; other segments only get rows for
    the periods in which they have events. Aggregate the result grouped by the key columns.
-#}
{% macro join_kpi_periods(periods, events, columns, date_column='event_date', extra_keys=[], company_spine=none) -%}
    select
        segment_periods.period_grain,
        segment_periods.period_start,
        segment_periods.is_complete_period,
        segment_periods.segment_type,
        segment_periods.segment_value,
        segment_periods.segment_label
        {%- for column in extra_keys %},
        segment_periods.{{ column }}
        {%- endfor %}
        {%- for column in columns %},
        events.{{ column }}
        {%- endfor %}
    from (
        select
            periods.period_grain,
            periods.period_start,
            periods.is_complete_period,
            periods.measured_end,
            'company' as segment_type,
            'all' as segment_value,
            'Company' as segment_label
            {%- for column in extra_keys %},
            company_spine.{{ column }}
            {%- endfor %}
        from {{ periods }} as periods
        {%- if extra_keys %}
        cross join {{ company_spine }} as company_spine
        {%- endif %}
        union
        select distinct
            periods.period_grain,
            periods.period_start,
            periods.is_complete_period,
            periods.measured_end,
            events.segment_type,
            events.segment_value,
            events.segment_label
            {%- for column in extra_keys %},
            events.{{ column }}
            {%- endfor %}
        from {{ periods }} as periods
        inner join {{ events }} as events
            on
                events.{{ date_column }} >= periods.period_start
                and events.{{ date_column }} < periods.measured_end
    ) as segment_periods
    left join {{ events }} as events
        on
            segment_periods.segment_type = events.segment_type
            and segment_periods.segment_value = events.segment_value
            {%- for column in extra_keys %}
            and segment_periods.{{ column }} = events.{{ column }}
            {%- endfor %}
            and events.{{ date_column }} >= segment_periods.period_start
            and events.{{ date_column }} < segment_periods.measured_end
{%- endmacro %}
