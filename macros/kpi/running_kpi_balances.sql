{#-
    Balances carried over the periods, for marts that report a stock at each period's end (the
    open pipeline) from the changes of each period. `flows` holds one row per period and segment
    (the six KPI key columns, plus `extra_keys`) with the period's change columns. Returns one
    row for every period of each segment (and extra key) from its first period in `flows` on:

        period_grain, period_start, is_complete_period, segment_type, segment_value,
        segment_label, <extra_keys...>, <flow_columns...>, <balances...>

    - each flow column as it is, 0 in a period without a row;
    - each balance (a dict {output column: change column}): the sum of the change column over
      the segment's periods up to and including the row's, i.e. the stock at the period's end.

    Equi-joins and a window sum; the only non-equi condition picks the periods of a segment from
    its first one, which are the rows returned. Company rows exist for every period when
    `flows` has them (join_kpi_periods gives them).

        {{ running_kpi_balances('periods', 'flows', ['created_usd'], {'open_end_usd': 'open_change_usd'}) }}
-#}
{% macro running_kpi_balances(periods, flows, flow_columns, balances, extra_keys=[]) -%}
    {%- set series_keys = ['period_grain', 'segment_type', 'segment_value'] + extra_keys -%}
    select
        segment_periods.period_grain,
        segment_periods.period_start,
        segment_periods.is_complete_period,
        segment_periods.segment_type,
        segment_periods.segment_value,
        segment_periods.segment_label
        {%- for key in extra_keys %},
        segment_periods.{{ key }}
        {%- endfor %}
        {%- for column in flow_columns %},
        coalesce(period_flows.{{ column }}, 0) as {{ column }}
        {%- endfor %}
        {%- for name, change in balances.items() %},
        -- added as exact decimals (as_exact_decimal): the same balance whatever the engine or load
        cast(sum({{ as_exact_decimal('coalesce(period_flows.' ~ change ~ ', 0)') }}) over (
            partition by
                {%- for key in series_keys %} segment_periods.{{ key }}{{ ',' if not loop.last }}{% endfor %}
            order by segment_periods.period_start
            rows between unbounded preceding and current row
        ) as {{ type_double() }}) as {{ name }}
        {%- endfor %}
    from (
        select
            periods.period_grain,
            periods.period_start,
            periods.is_complete_period,
            firsts.segment_type,
            firsts.segment_value,
            firsts.segment_label
            {%- for key in extra_keys %},
            firsts.{{ key }}
            {%- endfor %}
        from (
            select
                {%- for key in series_keys %}
                {{ key }},
                {%- endfor %}
                max(segment_label) as segment_label,
                min(period_start) as first_period_start
            from {{ flows }}
            group by
                {%- for key in series_keys %} {{ key }}{{ ',' if not loop.last }}{% endfor %}
        ) as firsts
        inner join {{ periods }} as periods
            on
                firsts.period_grain = periods.period_grain
                and firsts.first_period_start <= periods.period_start
    ) as segment_periods
    left join {{ flows }} as period_flows
        on
            segment_periods.period_start = period_flows.period_start
            {%- for key in series_keys %}
            and segment_periods.{{ key }} = period_flows.{{ key }}
            {%- endfor %}
{%- endmacro %}
