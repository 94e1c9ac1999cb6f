{#-
    ISO day of the week of a date: 1 = Monday ... 7 = Sunday (the numbering of the
    `business_days` var). Portable: days since Monday 1900-01-01, modulo 7.

        {{ iso_day_of_week('calendar_date') }} in (1, 2, 3, 4, 5)
-#}
{% macro iso_day_of_week(date_expr) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'sales_effectiveness')(date_expr)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(date_expr) -%}
    (mod({{ dbt.datediff("cast('1900-01-01' as date)", date_expr, 'day') }}, 7) + 1)
{%- endmacro %}
