{#-
    The "customer's loader" of this integration project (DuckDB): every CSV file of the demo
    company, <csv_dir>/<source>/<table>.csv, loaded as the table <target schema>_crm_raw.<table>
    with DuckDB's own type detection, the way a CSV loader leaves a schema of raw tables. The
    package then reads them through its source vars (dbt_project.yml).

        dbt run-operation load_raw_tables
-#}
{% macro load_raw_tables(csv_dir='../seeds/raw') -%}
    {%- set schema = target.schema ~ '_crm_raw' -%}
    {%- do run_query('create schema if not exists ' ~ schema) -%}
    {%- set files = run_query("select file from glob('" ~ csv_dir ~ "/*/*.csv') order by file") -%}
    {%- if files.rows | length == 0 -%}
        {{ exceptions.raise_compiler_error("load_raw_tables: no CSV file under " ~ csv_dir ~ "/<source>/") }}
    {%- endif -%}
    {%- for row in files.rows -%}
        {%- set table_name = row[0].split('/')[-1][:-4] -%}
        {%- do run_query(
            'create or replace table ' ~ schema ~ '."' ~ table_name ~ '" as '
            ~ "select * from read_csv('" ~ row[0] ~ "', header = true)"
        ) -%}
    {%- endfor -%}
    {{ log('load_raw_tables: ' ~ files.rows | length ~ ' tables loaded into ' ~ schema, info=true) }}
{%- endmacro %}
