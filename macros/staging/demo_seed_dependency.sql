{#-
    While a source reads the demo seeds (its <source>_schema / <source>_database vars are unset),
    make the staging base model depend on the seed that loads the raw table, so that a single
    `dbt build` on an empty warehouse loads the seed before the model (and its unit tests) use it.
    Renders a SQL comment; renders nothing once the source points at real data.
-#}
{% macro demo_seed_dependency(source_name, table_name) -%}
    {%- if var(source_name ~ '_schema', none) is none and var(source_name ~ '_database', none) is none and not var('raw_parquet_dir', none) -%}
        -- depends_on: {{ ref(table_name) }}
    {%- endif -%}
{%- endmacro %}
