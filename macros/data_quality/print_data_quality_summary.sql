{#-
    The data-quality summary printed after every `dbt build` / `dbt run` / `dbt test`
    (an on-run-end hook): the raw rows excluded or flagged per table and rule
    (dq_raw_row_issues) and the data tests that warned. A quirk of the customer's data is a
    warning counted here, never a failed build; only the marts' own invariants fail it.
-#}
{% macro print_data_quality_summary(results) -%}
    {%- if not execute or flags.WHICH not in ['build', 'run', 'test'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set lines = [] -%}
    {#- hooks cannot ref(): find the data-quality model in the graph -#}
    {%- set relations = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name == 'dq_raw_row_issues' -%}
        {%- do relations.append(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) -%}
    {%- endfor -%}
    {%- set found = relations[0] if relations else none -%}
    {%- set issues = found -%}
    {%- if found is not none -%}
        {%- set counts = run_query(
            "select action, rule, source_name || '.' || table_name as raw_table, count(*) as row_count"
            ~ " from " ~ issues ~ " group by action, rule, source_name, table_name"
            ~ " order by action, rule, source_name, table_name"
        ) -%}
        {%- if counts.rows | length > 0 -%}
            {%- do lines.append('Raw rows excluded or flagged (dq_raw_row_issues; rules: seed dq_rules):') -%}
            {%- do lines.append('  ' ~ 'action'.ljust(9) ~ 'rule'.ljust(26) ~ 'table'.ljust(42) ~ 'rows'.rjust(9)) -%}
            {%- for row in counts.rows -%}
                {%- do lines.append(
                    '  ' ~ (row[0] ~ '').ljust(9) ~ (row[1] ~ '').ljust(26) ~ (row[2] ~ '').ljust(42)
                    ~ ('{:,}'.format(row[3] | int)).rjust(9)
                ) -%}
            {%- endfor -%}
        {%- else -%}
            {%- do lines.append('Raw rows excluded or flagged: none.') -%}
        {%- endif -%}
    {%- endif -%}
    {%- set warned = [] -%}
    {%- for result in results -%}
        {%- if result.node.resource_type == 'test' and result.status == 'warn' -%}
            {%- do warned.append(result) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if warned -%}
        {%- do lines.append('Data tests that warned (expectations about the raw data, not failures):') -%}
        {%- for result in warned -%}
            {%- do lines.append('  ' ~ result.node.name[:90].ljust(92) ~ ('{:,}'.format(result.failures or 0)).rjust(9) ~ ' rows') -%}
        {%- endfor -%}
    {%- elif found is not none and flags.WHICH in ['build', 'test'] -%}
        {%- do lines.append('Data tests that warned: none.') -%}
    {%- endif -%}
    {%- if lines -%}
        {{ print('\n== Data quality ==\n' ~ (lines | join('\n')) ~ '\n') }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
