{#-
    The double-precision floating-point type, for measures in minutes and averages
    (dbt.type_float() is single precision on DuckDB and Spark).
-#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'sales_effectiveness')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}

{% macro bigquery__type_double() -%}
    float64
{%- endmacro %}
