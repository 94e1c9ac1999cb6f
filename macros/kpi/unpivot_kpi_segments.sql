{#-
    Repeats every row of `relation` once per segment it belongs to, adding the uniform KPI
    segment columns (docs/kpis.md "The uniform KPI mart shape"):

        segment_type, segment_value, segment_label, <columns...>

    The 'company' segment (value 'all', label 'Company') comes first and holds every row (leave it
    out with include_company=false, e.g. to unpivot a second population with other segments).
    `segments` is a list of dicts {type, value, label}: `value` and `label` are SQL expressions
    over `relation` (label defaults to value). A row whose segment value is null is left out of
    that segment, so a mart that wants such rows reported must coalesce them (to 'Unknown') first.

        {{ unpivot_kpi_segments('won_opportunities', [
            {'type': 'sales_region', 'value': 'sales_region'},
            {'type': 'sales_rep', 'value': 'sales_rep_id', 'label': 'sales_rep_name'},
        ], ['event_date', 'cycle_days']) }}
-#}
{% macro unpivot_kpi_segments(relation, segments, columns, include_company=true) -%}
    {%- if include_company %}
    select
        'company' as segment_type,
        'all' as segment_value,
        'Company' as segment_label,
        {{ columns | join(',\n        ') }}
    from {{ relation }}
    {%- endif %}
    {%- for segment in segments %}
    {%- if include_company or not loop.first %}
    union all
    {%- endif %}
    select
        '{{ segment.type }}' as segment_type,
        cast({{ segment.value }} as {{ dbt.type_string() }}) as segment_value,
        cast(coalesce({{ segment.get('label', segment.value) }}, {{ segment.value }}) as {{ dbt.type_string() }})
            as segment_label,
        {{ columns | join(',\n        ') }}
    from {{ relation }}
    where {{ segment.value }} is not null
    {%- endfor %}
{%- endmacro %}
