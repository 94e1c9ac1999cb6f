{#-
    Spreads segmented events (the output of `unpivot_kpi_segments`) over the reporting periods
    `periods` (ref('int_kpi_periods')): an event dated d belongs, for each grain, to the period
    whose period_start is d truncated to that grain, as long as d < measured_end (never after the
    as-of date). Linear in the events: each event is repeated once per grain (one pass: a cross
    join with the three grains) and equi-joined on (period_grain, period_start); no range join,
    no segment x period cross join.

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
        -- one pass over the events, each repeated once per grain (a scan per grain would make
        -- the warehouse keep the events to read them three times)
        select
            grains.period_grain,
            cast(
                case grains.period_grain
                    when 'month' then {{ dbt.date_trunc('month', 'grain_events.' ~ date_column) }}
                    when 'quarter' then {{ dbt.date_trunc('quarter', 'grain_events.' ~ date_column) }}
                    else {{ dbt.date_trunc('year', 'grain_events.' ~ date_column) }}
                end
                as date
            ) as period_start,
            grain_events.*
        from {{ events }} as grain_events
        cross join (
            select 'month' as period_grain
            union all
            select 'quarter' as period_grain
            union all
            select 'year' as period_grain
        ) as grains
        where grain_events.{{ date_column }} is not null
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
