{#-
    The demo company's data is in use when this project is the one being run (not installed as a
    package in another project) and no source var points the sources elsewhere. The demo seeds,
    the demo-story tests and the fixtures of the project's own generic tests are enabled only
    then. dbt reads vars set in dbt_project.yml only in node configs, never in dbt_project.yml's
    own configs: so the switch is in each node's config (SQL `config()`, or the seeds' YAML,
    which repeats this expression because YAML cannot call a macro).

    source_name: only that source's vars (a demo seed); none: every source's vars.
-#}
{% macro demo_data_in_use(source_name=none) -%}
    {%- set sources = [source_name] if source_name else ['salesforce', 'marketing', 'billing', 'finance'] -%}
    {%- set pointed = [] -%}
    {%- for name in sources
        if var(name ~ '_schema', none) is not none or var(name ~ '_database', none) is not none -%}
        {%- do pointed.append(name) -%}
    {%- endfor -%}
    {{ return(project_name == 'sales_effectiveness' and not pointed and not var('raw_parquet_dir', none)) }}
{%- endmacro %}

{#-
    While a source reads the demo seeds (demo_data_in_use), make the staging base model depend on
    the seed that loads the raw table, so that a single `dbt build` on an empty warehouse loads
    the seed before the model (and its unit tests) use it. Renders a SQL comment; renders nothing
    once the source points at real data.
-#}
{% macro demo_seed_dependency(source_name, table_name) -%}
    {%- if demo_data_in_use(source_name) -%}
        -- depends_on: {{ ref(table_name) }}
    {%- endif -%}
{%- endmacro %}
