{#-
    The first CTE of every staging base model: the raw table with each column of the raw
    contract (macro raw_contract) parsed once, to its type, whatever type the loader gave it
    (typed, timestamptz, all-varchar, CSV seeds).

        source as (
            {{ raw_source('salesforce', 'lead') }}
        ),

    Each column keeps its raw name. Extra columns of the raw table are not selected.
    `dq_unparseable_value` lists the columns whose raw value was present but could not be parsed
    (null when none): the value becomes null and the row is flagged `unparseable_value`, never a
    failed build. `row_fingerprint` hashes the parsed row (the dedupe's last tie-breaker).

    A missing table or a missing contract column stops the build with a message that names it
    (`salesfx check-sources` lists every problem at once). An optional column that the table
    lacks is read as null.
-#}
{% macro raw_source(source_name, table_name) -%}
    {%- set table_contract = raw_contract()[source_name][table_name] -%}
    {%- set optional = table_contract.get('optional', []) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- set available = raw_source_columns(relation, source_name, table_name) -%}
    {%- set parsers = raw_column_parsers() -%}
    {%- set present = {} -%}
    {%- set missing = [] -%}
    {%- set present_columns = [] -%}
    {%- for name in table_contract['columns'] -%}
        {%- set is_present = available is none or name | lower in available -%}
        {%- do present.update({name: is_present}) -%}
        {%- if is_present -%}
            {%- do present_columns.append(name) -%}
        {%- elif name not in optional -%}
            {%- do missing.append(name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "Source " ~ source_name ~ "." ~ table_name ~ " (" ~ relation ~ ") has no column "
            ~ (missing | join(', ')) ~ ", which the raw contract needs (docs/raw-contract.md). "
            ~ "Add the column, or point the source at a view that provides it "
            ~ "(vars " ~ source_name ~ "_database / " ~ source_name ~ "_schema). "
            ~ "`salesfx check-sources` lists every missing table and column at once."
        ) }}
    {%- endif %}
    select
        parsed.*,
        -- a hash of the parsed row, to break ties between rows of one id deterministically
        {{ row_fingerprint(present_columns, 'parsed') }} as row_fingerprint
    from (
        select
            {%- for name, column_type in table_contract['columns'].items() %}
            {% if present[name] -%}
                {{ parsers[column_type](name) }}
            {%- else -%}
                cast(null as {{ raw_column_type(column_type) }})
            {%- endif %} as {{ name }},
            {%- endfor %}
            -- the columns whose raw value could not be parsed (flag unparseable_value)
            {{ unparseable_columns(table_contract['columns'], present) }} as dq_unparseable_value
        from {{ relation }}
    ) as parsed
{%- endmacro %}

{#- The parsing macro of each raw contract type (macros/casting/). -#}
{% macro raw_column_parsers() -%}
    {{ return({
        'text': raw_text,
        'boolean': parse_boolean,
        'date': parse_date,
        'timestamp': parse_timestamp,
        'number': parse_number,
        'integer': parse_integer,
    }) }}
{%- endmacro %}

{#- The SQL type a raw contract column type parses to. -#}
{% macro raw_column_type(column_type) -%}
    {%- if column_type == 'text' -%}{{ dbt.type_string() }}
    {%- elif column_type == 'boolean' -%}{{ dbt.type_boolean() }}
    {%- elif column_type == 'date' -%}date
    {%- elif column_type == 'timestamp' -%}{{ dbt.type_timestamp() }}
    {%- elif column_type == 'number' -%}{{ type_double() }}
    {%- elif column_type == 'integer' -%}{{ dbt.type_bigint() }}
    {%- endif -%}
{%- endmacro %}

{#-
    Text naming every parsed (non-text) column whose raw value is present but did not parse,
    with the raw value: "created_date='yesterday'; amount='12,5'; ". Null when every value parsed.
-#}
{% macro unparseable_columns(columns, present) -%}
    {%- set parsers = raw_column_parsers() -%}
    {%- set checks = [] -%}
    {%- for name, column_type in columns.items() if column_type != 'text' and present[name] -%}
        {%- do checks.append(
            "case when " ~ raw_text(name) ~ " is not null and " ~ parsers[column_type](name)
            ~ " is null then '" ~ name ~ "=''' || substr(" ~ raw_text(name) ~ ", 1, 60)"
            ~ " || '''; ' else '' end"
        ) -%}
    {%- endfor -%}
    {%- if checks -%}
        nullif({{ checks | join('\n        || ') }}, '')
    {%- else -%}
        cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{#-
    The lower-case column names of a raw table, read from the warehouse; none while dbt parses, in
    unit tests (their inputs are fixtures) and for sources read from files (external_location).
    Raises a readable error when the table does not exist.
-#}
{% macro raw_source_columns(relation, source_name, table_name) -%}
    {%- if not execute or relation.identifier is none or relation.identifier.startswith('__dbt__cte__') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for node in (graph.get('sources', {})).values()
        if node.source_name == source_name and node.name == table_name
        and (node.meta or {}).get('external_location') -%}
        {{ return(none) }}
    {%- endfor -%}
    {%- set found = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier
    ) -%}
    {%- if found is none -%}
        {{ exceptions.raise_compiler_error(
            "Source table " ~ source_name ~ "." ~ table_name ~ " not found at " ~ relation
            ~ ". Load it there, or point the source at its location with the vars "
            ~ source_name ~ "_database / " ~ source_name ~ "_schema (docs/runbook.md). "
            ~ "A source system you do not have can be an empty table with the contract's columns. "
            ~ "`salesfx check-sources` lists every missing table and column at once."
        ) }}
    {%- endif -%}
    {%- set names = [] -%}
    {%- for column in adapter.get_columns_in_relation(found) -%}
        {%- do names.append(column.name | lower) -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}

{#-
    A hash of the raw values of `columns`, the last tie-breaker between raw rows of one id, so
    that the same data always keeps the same row whatever order the warehouse reads it in.
-#}
{% macro row_fingerprint(columns, relation_alias) -%}
    {{ return(adapter.dispatch('row_fingerprint', 'sales_effectiveness')(columns, relation_alias)) }}
{%- endmacro %}

{% macro default__row_fingerprint(columns, relation_alias) -%}
    md5(
        {%- for column in columns %}
        coalesce(cast({{ relation_alias }}.{{ column }} as {{ dbt.type_string() }}), '~')
        {%- if not loop.last %} || '|' ||{% endif %}
        {%- endfor %}
    )
{%- endmacro %}

{% macro duckdb__row_fingerprint(columns, relation_alias) -%}
    hash(
        {%- for column in columns %}
        {{ relation_alias }}.{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    )
{%- endmacro %}

{% macro spark__row_fingerprint(columns, relation_alias) -%}
    xxhash64(
        {%- for column in columns %}
        {{ relation_alias }}.{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    )
{%- endmacro %}
