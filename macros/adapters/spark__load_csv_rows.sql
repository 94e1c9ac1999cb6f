{#-
    Seeds on Spark: the rows are read by Spark's own CSV reader from the seed file and inserted
    with one `insert ... select`, each column cast to its seed type.

    dbt-spark 1.11 inserts seed rows as a VALUES list with the values formatted into the SQL
    without escaping (session method): a value with a quote ("people's republic of china") breaks
    the statement and a backslash is read as an escape; and Spark parses a VALUES list of
    thousands of rows slowly. Overrides dbt-spark's spark__load_csv_rows (the root project comes
    first when dbt dispatches in its own namespace). The file path is relative to the project
    folder, where dbt runs.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set csv_view = 'salesfx_seed_' ~ model['name'] -%}
    {%- set path = model['original_file_path'] -%}
    {% call statement('_') -%}
        create or replace temporary view {{ csv_view }}
        using csv
        options (
            path '{{ path }}',
            header 'true',
            multiLine 'true',
            quote '"',
            escape '"',
            inferSchema 'false',
            mode 'FAILFAST'
        )
    {%- endcall %}
    {%- set casts = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
        {%- set type = column_override.get(col_name, inferred_type) -%}
        {%- do casts.append('cast(`' ~ col_name ~ '` as ' ~ type ~ ')') -%}
    {%- endfor -%}
    {%- set sql -%}
        insert into {{ this.render() }}
        select
            {{ casts | join(',\n            ') }}
        from {{ csv_view }}
    {%- endset -%}
    {% do adapter.add_query(sql, abridge_sql_log=True) %}
    {{ return(sql) }}
{% endmacro %}
