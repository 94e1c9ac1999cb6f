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

    incremental_by=(id column, load-time column, the model's load-time column): on a daily build
    of an incremental base model, read only the raw rows of the ids loaded since the last build
    (macro raw_ids_loaded_since_last_build).
-#}
{% macro raw_source(source_name, table_name, incremental_by=none) -%}
    {%- set table_contract = raw_contract()[source_name][table_name] -%}
    {%- set optional = table_contract.get('optional', []) -%}
    {%- set relation = raw_relation(source_name, table_name) -%}
    {%- set available = raw_source_columns(relation, source_name, table_name) -%}
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
                {{ parse_raw_column(name, column_type, raw_type_family(available[name | lower]) if available else none) }}
            {%- else -%}
                cast(null as {{ raw_column_type(column_type) }})
            {%- endif %} as {{ name }},
            {%- endfor %}
            -- the columns whose raw value could not be parsed (flag unparseable_value)
            {{ unparseable_columns(table_contract['columns'], present, available) }} as dq_unparseable_value
        from {{ relation }}
    ) as parsed
    {%- if incremental_by %}
    {{ raw_ids_loaded_since_last_build(relation, incremental_by[0], incremental_by[1], incremental_by[2], available) }}
    {%- endif %}
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
    Columns the warehouse already holds with the right type are not checked (they cannot fail).
-#}
{% macro unparseable_columns(columns, present, available=none) -%}
    {%- set parsers = raw_column_parsers() -%}
    {%- set checks = [] -%}
    {%- for name, column_type in columns.items()
        if column_type != 'text' and present[name]
        and not is_typed_raw_column(column_type, raw_type_family(available[name | lower]) if available else none) -%}
        {%- do checks.append(
            "case when " ~ raw_text(name) ~ " is not null and " ~ parsers[column_type](name)
            ~ " is null then " ~ sql_literal(name ~ "='") ~ " || substr(" ~ raw_text(name) ~ ", 1, 60)"
            ~ " || " ~ sql_literal("'; ") ~ " else '' end"
        ) -%}
    {%- endfor -%}
    {%- if checks -%}
        nullif({{ checks | join('\n        || ') }}, '')
    {%- else -%}
        cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{#-
    The columns of a raw table as the warehouse holds them, {lower-case name: data type}; none
    while dbt parses and in unit tests (their inputs are fixtures). Sources read from files
    (`meta.external_location`, dbt-duckdb) are described through a query. Raises a readable
    error when the table does not exist.
-#}
{% macro raw_source_columns(relation, source_name, table_name) -%}
    {%- if not execute or relation.identifier is none or relation.identifier.startswith('__dbt__cte__') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set columns = {} -%}
    {%- if relation.external is defined and relation.external -%}
        {%- for column in describe_query_columns('select * from ' ~ relation) -%}
            {%- do columns.update({column[0] | lower: column[1]}) -%}
        {%- endfor -%}
        {{ return(columns) }}
    {%- endif -%}
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
    {%- for column in adapter.get_columns_in_relation(found) -%}
        {%- do columns.update({column.name | lower: column.dtype}) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{#- (name, data type) of each column a query returns, read without running it on the data. -#}
{% macro describe_query_columns(query) -%}
    {{ return(adapter.dispatch('describe_query_columns', 'sales_effectiveness')(query)) }}
{%- endmacro %}

{% macro default__describe_query_columns(query) -%}
    {%- set result = run_query('select * from (' ~ query ~ ') as described limit 0') -%}
    {%- set columns = [] -%}
    {%- for name in result.column_names -%}
        {%- do columns.append((name, 'unknown')) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{% macro duckdb__describe_query_columns(query) -%}
    {%- set result = run_query('describe ' ~ query) -%}
    {%- set columns = [] -%}
    {%- for row in result.rows -%}
        {%- do columns.append((row[0], row[1])) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{#-
    The family of a warehouse data type: text, timestamp, timestamptz, date, boolean, integer,
    number, or other (unknown: the value is parsed from its text).
-#}
{% macro raw_type_family(data_type) -%}
    {%- set t = (data_type or '') | lower | trim -%}
    {%- if 'with time zone' in t or t in ['timestamptz', 'timestamp_tz', 'timestamp_ltz'] -%}
        {{ return('timestamptz') }}
    {%- elif t.startswith('timestamp') or t == 'datetime' -%}
        {{ return('timestamp') }}
    {%- elif t == 'date' -%}
        {{ return('date') }}
    {%- elif t in ['boolean', 'bool'] -%}
        {{ return('boolean') }}
    {%- elif t in ['bigint', 'integer', 'int', 'smallint', 'tinyint', 'hugeint', 'int2', 'int4', 'int8',
                   'long', 'short', 'byte', 'ubigint', 'uinteger', 'usmallint', 'utinyint'] -%}
        {{ return('integer') }}
    {%- elif t.startswith('decimal') or t.startswith('numeric') or t in ['double', 'double precision', 'float', 'real', 'float4', 'float8'] -%}
        {{ return('number') }}
    {%- elif t.startswith('varchar') or t.startswith('character') or t.startswith('char') or t in ['text', 'string'] -%}
        {{ return('text') }}
    {%- endif -%}
    {{ return('other') }}
{%- endmacro %}

{#- True when a column the warehouse holds as `family` needs no parsing to become `column_type`. -#}
{% macro is_typed_raw_column(column_type, family) -%}
    {%- set direct = {
        'text': ['text'],
        'timestamp': ['timestamp', 'timestamptz', 'date'],
        'date': ['date', 'timestamp', 'timestamptz'],
        'boolean': ['boolean'],
        'number': ['number', 'integer'],
        'integer': ['integer'],
    } -%}
    {{ return(family is not none and family in direct[column_type]) }}
{%- endmacro %}

{#-
    One raw column read as its contract type: a plain cast when the warehouse already holds it
    with a compatible type (fast: no text round trip), else the parsing macro of the type.
    `family` is the column's raw_type_family, none when unknown (unit tests).
-#}
{% macro parse_raw_column(name, column_type, family) -%}
    {%- if not is_typed_raw_column(column_type, family) -%}
        {{ raw_column_parsers()[column_type](name) }}
    {%- elif column_type == 'text' -%}
        nullif(trim({{ name }}), '')
    {%- elif column_type == 'timestamp' and family == 'timestamptz' -%}
        {{ timestamptz_to_utc(name) }}
    {%- elif column_type == 'date' and family == 'timestamptz' -%}
        cast({{ timestamptz_to_utc(name) }} as date)
    {%- else -%}
        cast({{ name }} as {{ raw_column_type(column_type) }})
    {%- endif -%}
{%- endmacro %}

{#- A timestamp with time zone as the UTC wall-clock timestamp (without time zone). -#}
{% macro timestamptz_to_utc(expr) -%}
    {{ return(adapter.dispatch('timestamptz_to_utc', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{% macro default__timestamptz_to_utc(expr) -%}
    ({{ expr }} at time zone 'UTC')
{%- endmacro %}

{% macro duckdb__timestamptz_to_utc(expr) -%}
    timezone('UTC', {{ expr }})
{%- endmacro %}

{% macro spark__timestamptz_to_utc(expr) -%}
    cast({{ expr }} as timestamp)
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

{#-
    The relation a raw table is read from: source(source_name, table_name) (its location set by
    the vars <source>_database / <source>_schema), or, on DuckDB with the var raw_parquet_dir set,
    the Parquet files <raw_parquet_dir>/<source>/<table>/*.parquet read in place (the source is
    still referenced, so lineage and docs keep it).
-#}
{% macro raw_relation(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- set parquet_dir = var('raw_parquet_dir', none) -%}
    {%- if not parquet_dir -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- if target.type != 'duckdb' -%}
        {{ exceptions.raise_compiler_error(
            "The var raw_parquet_dir reads Parquet files in place, which only DuckDB does; on "
            ~ target.type ~ " load the files into tables and point the vars <source>_schema at them."
        ) }}
    {%- endif -%}
    {{ return(relation.incorporate(
        external="read_parquet('" ~ parquet_dir ~ "/" ~ source_name ~ "/" ~ table_name ~ "/*.parquet', union_by_name = true)"
    )) }}
{%- endmacro %}
