{#-
    A number as text for a message, the same on every warehouse: a whole number without decimals
    ('-50', not DuckDB's '-50.0'), any other value as the warehouse writes it; null stays null.
-#}
{% macro number_text(expr) -%}
    case
        when {{ expr }} = floor({{ expr }}) and abs({{ expr }}) < 1e15
            then cast(cast({{ expr }} as {{ dbt.type_bigint() }}) as {{ dbt.type_string() }})
        else cast({{ expr }} as {{ dbt.type_string() }})
    end
{%- endmacro %}
