{#-
    Customer activity as intervals, not snapshots (docs/kpis.md, churn): a unit (an account, or
    an account x product) is an active customer at instant t when one of its subscriptions has
    started_at <= t < coalesce(ended_at, infinity). The macros below turn subscription start and
    end events into each unit's disjoint active intervals, then read the two instants of every
    reporting period with interval joins: linear in subscriptions x periods held, never a cross
    join of every account with every period.
-#}

{#-
    One row per unit and stretch of continuous activity: the unit's subscriptions merged where they
    overlap or touch (gaps and islands: a running maximum of the ends so far, in a total order:
    start, end, then the subscription id, so that ties never split a stretch).

        unit_columns..., active_from, active_until (null: still active), subscriptions
-#}
{% macro merge_active_intervals(relation, unit_columns, start_column='started_at', end_column='ended_at', id_column='subscription_id') -%}
    {%- set open_end = "cast('9999-12-31' as " ~ dbt.type_timestamp() ~ ")" -%}
    select
        {%- for column in unit_columns %}
        {{ column }},
        {%- endfor %}
        min({{ start_column }}) as active_from,
        nullif(max(end_or_open), {{ open_end }}) as active_until,
        count(*) as subscriptions
    from (
        select
            numbered.*,
            sum(numbered.starts_island) over (
                partition by {{ unit_columns | join(', ') }}
                order by numbered.{{ start_column }}, numbered.end_or_open, numbered.{{ id_column }}
                rows between unbounded preceding and current row
            ) as island_number
        from (
            select
                starts.*,
                case
                    when
                        max(starts.end_or_open) over (
                            partition by {{ unit_columns | join(', ') }}
                            order by starts.{{ start_column }}, starts.end_or_open, starts.{{ id_column }}
                            rows between unbounded preceding and 1 preceding
                        ) >= starts.{{ start_column }}
                        then 0
                    else 1
                end as starts_island
            from (
                select
                    {%- for column in unit_columns %}
                    {{ column }},
                    {%- endfor %}
                    {{ id_column }},
                    {{ start_column }},
                    coalesce({{ end_column }}, {{ open_end }}) as end_or_open
                from {{ relation }}
                where {{ start_column }} is not null
            ) as starts
        ) as numbered
    ) as islands
    group by
        {%- for column in unit_columns %}
        {{ column }},
        {%- endfor %}
        island_number
{%- endmacro %}

{#-
    One row per reporting period and unit active at its start (the instant period_start) or at its
    end (measured_end), read from the unit's intervals (merge_active_intervals):

        period_grain, period_start, is_complete_period, unit_columns...,
        is_active_at_start, is_active_at_end, is_churned

    is_churned: active at the start and not at the end, so a unit that leaves and comes back inside
    the period is not churned, and one that starts inside it is not a customer at its start.
-#}
{% macro period_boundary_activity(periods, intervals, unit_columns) -%}
    select
        period_grain,
        period_start,
        is_complete_period,
        {%- for column in unit_columns %}
        {{ column }},
        {%- endfor %}
        max(at_start) = 1 as is_active_at_start,
        max(at_end) = 1 as is_active_at_end,
        max(at_start) = 1 and max(at_end) = 0 as is_churned
    from (
        {%- for instant in ['period_start', 'measured_end'] %}
        {%- if not loop.first %}
        union all
        {%- endif %}
        select
            periods.period_grain,
            periods.period_start,
            periods.is_complete_period,
            {%- for column in unit_columns %}
            intervals.{{ column }},
            {%- endfor %}
            {{ 1 if instant == 'period_start' else 0 }} as at_start,
            {{ 1 if instant == 'measured_end' else 0 }} as at_end
        from {{ periods }} as periods
        inner join {{ intervals }} as intervals
            on
                intervals.active_from <= cast(periods.{{ instant }} as {{ dbt.type_timestamp() }})
                and (
                    intervals.active_until is null
                    or intervals.active_until > cast(periods.{{ instant }} as {{ dbt.type_timestamp() }})
                )
        {%- endfor %}
    ) as instants
    group by
        period_grain,
        period_start,
        is_complete_period
        {%- for column in unit_columns %},
        {{ column }}
        {%- endfor %}
{%- endmacro %}

{#-
    The MRR in USD of each unit's subscriptions active at every period's start (converted at the
    first day of that month), for the units active then:

        period_grain, period_start, unit_columns..., mrr_at_start_usd
-#}
{% macro mrr_at_period_start(periods, subscriptions, rates, unit_columns) -%}
    select
        periods.period_grain,
        periods.period_start,
        {%- for column in unit_columns %}
        subscriptions.{{ column }},
        {%- endfor %}
        {{ exact_sum(to_usd('subscriptions.mrr', 'subscriptions.currency_code', 'start')) }} as mrr_at_start_usd
    from {{ periods }} as periods
    inner join {{ subscriptions }} as subscriptions
        on
            subscriptions.started_at <= cast(periods.period_start as {{ dbt.type_timestamp() }})
            and (
                subscriptions.ended_at is null
                or subscriptions.ended_at > cast(periods.period_start as {{ dbt.type_timestamp() }})
            )
    {{ usd_rate_joins(rates, 'subscriptions.currency_code', dbt.date_trunc('month', 'periods.period_start'), 'start') }}
    group by
        periods.period_grain,
        periods.period_start
        {%- for column in unit_columns %},
        subscriptions.{{ column }}
        {%- endfor %}
{%- endmacro %}
