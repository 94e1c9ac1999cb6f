{#-
    A key that tells apart the raw rows of one id: the load timestamp (when the table has one) and the
    row's rank among the rows of its id (1 = the row kept). Unique per (table, id).
-#}
{% macro raw_row_key(rank_expr, loaded_at_expr=none) -%}
    {%- if loaded_at_expr is none -%}
        '#' || cast({{ rank_expr }} as {{ dbt.type_string() }})
    {%- else -%}
        coalesce(cast({{ loaded_at_expr }} as {{ dbt.type_string() }}), 'never synced')
        || ' #' || cast({{ rank_expr }} as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}
