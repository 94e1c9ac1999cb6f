{#-
    The preflight behind `salesfx check-sources` (`dbt run-operation check_sources`): for each
    table of the raw contract (macro raw_contract), at the location its source vars give, check
    that the table is found, that every contract column is present and how many values cannot
    be parsed to their type. Prints one line per table, then what to fix; raises an error (the
    command fails) when anything would make the build fail: a missing table or a missing
    non-optional column. Values that cannot be parsed only warn: the build reads them as null
    and lists them in dq_raw_row_issues (rule unparseable_value).
-#}
{% macro check_sources() -%}
    {%- set contract = raw_contract() -%}
    {%- set parsers = raw_column_parsers() -%}
    {%- set lines = [] -%}
    {%- set problems = [] -%}
    {%- set warnings = [] -%}
    {%- set hints = {} -%}
    {%- do lines.append('  ' ~ 'table'.ljust(38) ~ 'location'.ljust(58) ~ 'rows'.rjust(12) ~ '  status') -%}
    {%- for source_name, tables in contract.items() -%}
        {%- for table_name, table_contract in tables.items() -%}
            {%- set relation = raw_relation(source_name, table_name) -%}
            {%- set is_external = relation.external is defined and relation.external -%}
            {%- set label = (source_name ~ '.' ~ table_name).ljust(38) ~ (relation | string)[:56].ljust(58) -%}
            {%- set found = none if is_external else adapter.get_relation(
                database=relation.database, schema=relation.schema, identifier=relation.identifier
            ) -%}
            {%- if not is_external and found is none -%}
                {%- do lines.append('  ' ~ label ~ ''.rjust(12) ~ '  MISSING TABLE') -%}
                {%- do problems.append(source_name ~ '.' ~ table_name ~ ': no table at ' ~ relation) -%}
                {%- do hints.update({source_name:
                    'Load the ' ~ source_name ~ ' tables there, or set the vars ' ~ source_name
                    ~ '_database / ' ~ source_name ~ '_schema to where they are (a system you do not '
                    ~ 'have can be empty tables with the contract columns).'
                }) -%}
            {%- else -%}
                {%- if is_external -%}
                    {%- set probe = run_query('select * from ' ~ relation ~ ' limit 0') -%}
                    {%- set available = probe.column_names | map('lower') | list -%}
                {%- else -%}
                    {%- set available = adapter.get_columns_in_relation(found) | map(attribute='name') | map('lower') | list -%}
                {%- endif -%}
                {%- set missing = [] -%}
                {%- set optional_missing = [] -%}
                {%- set checks = ["count(*) as row_count"] -%}
                {%- set checked = [] -%}
                {%- for name, column_type in table_contract['columns'].items() -%}
                    {%- if name | lower not in available -%}
                        {%- if name in table_contract.get('optional', []) -%}
                            {%- do optional_missing.append(name) -%}
                        {%- else -%}
                            {%- do missing.append(name) -%}
                        {%- endif -%}
                    {%- elif column_type != 'text' -%}
                        {%- do checked.append((name, column_type)) -%}
                        {%- do checks.append(
                            "sum(case when " ~ raw_text(name) ~ " is not null and " ~ parsers[column_type](name)
                            ~ " is null then 1 else 0 end) as bad_" ~ loop.index
                        ) -%}
                        {%- do checks.append(
                            "min(case when " ~ raw_text(name) ~ " is not null and " ~ parsers[column_type](name)
                            ~ " is null then " ~ raw_text(name) ~ " end) as example_" ~ loop.index
                        ) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- if missing -%}
                    {%- do lines.append('  ' ~ label ~ ''.rjust(12) ~ '  MISSING ' ~ missing | join(', ')) -%}
                    {%- do problems.append(source_name ~ '.' ~ table_name ~ ': no column ' ~ missing | join(', ')) -%}
                    {%- do hints.update({'columns':
                        'Add the missing columns, or point the source at a view that provides them '
                        ~ '(the contract: docs/raw-contract.md).'
                    }) -%}
                {%- else -%}
                    {%- set stats = run_query('select ' ~ checks | join(', ') ~ ' from ' ~ relation) -%}
                    {%- set row = stats.rows[0] -%}
                    {%- set row_count = row[0] | int -%}
                    {%- set bad = [] -%}
                    {%- for name, column_type in checked -%}
                        {%- set bad_count = (row[1 + 2 * loop.index0] or 0) | int -%}
                        {%- if bad_count > 0 -%}
                            {%- do bad.append(name) -%}
                            {%- do warnings.append(
                                source_name ~ '.' ~ table_name ~ '.' ~ name ~ ': ' ~ bad_count
                                ~ ' value(s) are not a ' ~ column_type ~ " (e.g. '" ~ row[2 + 2 * loop.index0]
                                ~ "'); the build reads them as null and flags the rows unparseable_value."
                            ) -%}
                        {%- endif -%}
                    {%- endfor -%}
                    {%- set status = 'ok' if not bad else 'unparseable values in ' ~ bad | join(', ') -%}
                    {%- if optional_missing -%}
                        {%- set status = status ~ ' (optional, read as null: ' ~ optional_missing | join(', ') ~ ')' -%}
                    {%- endif -%}
                    {%- if row_count == 0 -%}
                        {%- set status = status ~ ' (empty: the KPIs that need it are empty)' -%}
                    {%- endif -%}
                    {%- do lines.append('  ' ~ label ~ ('{:,}'.format(row_count)).rjust(12) ~ '  ' ~ status) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ print('\n== Raw sources against the contract ==\n' ~ lines | join('\n')) }}
    {%- if warnings -%}
        {{ print('\nWarnings (the build still runs):\n  - ' ~ warnings | join('\n  - ')) }}
    {%- endif -%}
    {%- if problems -%}
        {{ print('\nWhat would make the build fail:\n  - ' ~ problems | join('\n  - ')) }}
        {{ print('\nHow to fix it:\n  - ' ~ hints.values() | list | join('\n  - ') ~ '\n') }}
        {{ exceptions.raise_compiler_error(problems | length ~ ' problem(s) with the raw sources (listed above).') }}
    {%- else -%}
        {{ print('\nEvery contract table and column is there: the build can run.\n') }}
    {%- endif -%}
{%- endmacro %}
