{#-
    A continuous (interpolated) percentile of `expr` as an aggregate, like the SQL standard
    `percentile_cont(p) within group (order by expr)`. Nulls are ignored; null when no rows.

        {{ percentile_cont('cycle_days', 0.5) }} as median_cycle_days

    DuckDB spells it `quantile_cont(expr, p)`, Spark `percentile(expr, p)`; Postgres and most
    other warehouses take the ordered-set form (the default implementation).
-#}
{% macro percentile_cont(expr, p) -%}
    {{ return(adapter.dispatch('percentile_cont', 'sales_effectiveness')(expr, p)) }}
{%- endmacro %}

{% macro default__percentile_cont(expr, p) -%}
    percentile_cont({{ p }}) within group (order by {{ expr }})
{%- endmacro %}

{% macro duckdb__percentile_cont(expr, p) -%}
    quantile_cont({{ expr }}, {{ p }})
{%- endmacro %}

{% macro spark__percentile_cont(expr, p) -%}
    percentile({{ expr }}, {{ p }})
{%- endmacro %}
