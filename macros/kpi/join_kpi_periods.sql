{#-
    Spreads segmented events (the output of `unpivot_kpi_segments`) over the reporting periods
    `periods` (ref('int_kpi_periods')): an event dated d belongs, for each grain, to the period
    whose period_start is d truncated to that grain, as long as d < measured_end (never after the
    as-of date). Linear in the events: each event is repeated once per grain and equi-joined on
    (period_grain, period_start); no range join, no segment x period cross join.

    Returns one row per (period, segment, event) with the KPI key columns first:

        period_grain, period_start, is_complete_period, segment_type, segment_value,
        segment_label, <extra_keys...>, <columns...>

    plus one row per company period (and per row of `company_spine` when extra key columns are
    given, e.g. every open stage) with null event columns, so that every company period exists
    even when nothing happened: aggregate with count(<column>), sum, avg... (which skip nulls),
    never count(*). Other segments only get rows for the periods in which they have events.
-#}
{% macro join_kpi_periods(periods, events, columns, date_column='event_date', extra_keys=[], company_spine=none) -%}
    select
        periods.period_grain,
        periods.period_start,
        periods.is_complete_period,
        events.segment_type,
        events.segment_value,
        events.segment_label
        {%- for column in extra_keys %},
        events.{{ column }}
        {%- endfor %}
        {%- for column in columns %},
        events.{{ column }}
        {%- endfor %}
    from (
        {%- for grain in ['month', 'quarter', 'year'] %}
        select
            '{{ grain }}' as period_grain,
            cast({{ dbt.date_trunc(grain, 'grain_events.' ~ date_column) }} as date) as period_start,
            grain_events.*
        from {{ events }} as grain_events
        where grain_events.{{ date_column }} is not null
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    ) as events
    inner join {{ periods }} as periods
        on
            events.period_grain = periods.period_grain
            and events.period_start = periods.period_start
            and events.{{ date_column }} < periods.measured_end

    union all

    -- the company row of every period, even without events
    select
        periods.period_grain,
        periods.period_start,
        periods.is_complete_period,
        'company' as segment_type,
        'all' as segment_value,
        'Company' as segment_label
        {%- for column in extra_keys %},
        company_spine.{{ column }}
        {%- endfor %}
        {%- for column in columns %},
        null as {{ column }}
        {%- endfor %}
    from {{ periods }} as periods
    {%- if extra_keys %}
    cross join {{ company_spine }} as company_spine
    {%- endif %}
{%- endmacro %}
