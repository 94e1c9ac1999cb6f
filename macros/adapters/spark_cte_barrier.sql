{#-
    On Spark, a non-deterministic column (`rand()`) to put at the end of a CTE's select list so
    that Spark does not inline the CTE into each of its references: Spark 3.5 inlines every
    deterministic CTE, and a chain of CTEs each read several times by the next grows the plan
    exponentially. Unused downstream; renders nothing on other warehouses (which either
    materialize such CTEs or plan them once).

        select a, b{{ spark_cte_barrier() }} from t
-#}
{% macro spark_cte_barrier() -%}
    {{ return(adapter.dispatch('spark_cte_barrier', 'sales_effectiveness')()) }}
{%- endmacro %}

{% macro default__spark_cte_barrier() -%}
{%- endmacro %}

{% macro spark__spark_cte_barrier() -%}
    , rand() as spark_cte_barrier
{%- endmacro %}
