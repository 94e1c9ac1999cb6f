{#-
    Which units of a daily snapshot are active at the two instants of each reporting period: its
    start (period_start) and its end (measured_end, the period end or the day after the as-of
    date). One row per period and unit (unit_columns of `snapshots`, e.g. ['account_id',
    'account_region']) active at either instant:

        period_grain, period_start, is_complete_period, <unit_columns...>,
        is_active_at_start, is_active_at_end, is_churned, mrr_at_start_usd

    is_churned: active at the start and not at the end (docs/kpis.md, kpi_customer_churn_rate), so a
    unit that leaves and comes back inside the period is not churned and one that starts inside
    it is not at the start. mrr_at_start_usd is the unit's mrr_usd at the start (null when it is
    not active then). `snapshots` holds snapshot_date, mrr_usd and the unit columns.
-#}
{% macro snapshot_period_boundaries(periods, snapshots, unit_columns) -%}
    select
        periods.period_grain,
        periods.period_start,
        periods.is_complete_period,
        {%- for column in unit_columns %}
        snapshots.{{ column }},
        {%- endfor %}
        max(case when snapshots.snapshot_date = periods.period_start then 1 else 0 end) = 1
            as is_active_at_start,
        max(case when snapshots.snapshot_date = periods.measured_end then 1 else 0 end) = 1
            as is_active_at_end,
        (
            max(case when snapshots.snapshot_date = periods.period_start then 1 else 0 end) = 1
            and max(case when snapshots.snapshot_date = periods.measured_end then 1 else 0 end) = 0
        ) as is_churned,
        sum(case when snapshots.snapshot_date = periods.period_start then snapshots.mrr_usd end)
            as mrr_at_start_usd
    from {{ periods }} as periods
    inner join {{ snapshots }} as snapshots
        on
            periods.period_start = snapshots.snapshot_date
            or periods.measured_end = snapshots.snapshot_date
    group by
        periods.period_grain,
        periods.period_start,
        periods.is_complete_period
        {%- for column in unit_columns %},
        snapshots.{{ column }}
        {%- endfor %}
{%- endmacro %}
