{#-
    The first CTE of every base model: the raw table with each contract column parsed once, to
    its type, whatever type the loader gave it (typed, timestamptz, all-varchar, CSV seeds).

        source as (
            {{ raw_source('salesforce', 'lead', {
                'text': ['id', 'owner_id', 'email'],
                'boolean': ['is_deleted'],
                'date': ['converted_date'],
                'timestamp': ['created_date', '_fivetran_synced'],
            }, optional=['_fivetran_synced']) }}
        ),

    Types: text, boolean, date, timestamp (UTC), number (double), integer. Each column keeps its
    raw name. Extra columns of the raw table are not selected. `dq_unparseable_value` lists the
    columns whose raw value was present but could not be parsed (null when none): the value
    becomes null and the row is flagged `unparseable_value`, never a failed build.

    A missing table or a missing contract column stops the build with a message that names it
    (run `salesfx check-sources` to list every problem at once). An `optional` column that the
    table lacks is read as null.
-#}
{% macro raw_source(source_name, table_name, columns, optional=[]) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- set available = raw_source_columns(relation, source_name, table_name) -%}
    {%- set parsers = {
        'text': raw_text,
        'boolean': parse_boolean,
        'date': parse_date,
        'timestamp': parse_timestamp,
        'number': parse_number,
        'integer': parse_integer,
    } -%}
    {%- set present = {} -%}
    {%- for column_type, names in columns.items() -%}
        {%- if column_type not in parsers -%}
            {{ exceptions.raise_compiler_error(
                "raw_source: unknown column type '" ~ column_type ~ "' for " ~ source_name ~ "."
                ~ table_name ~ " (one of " ~ (parsers.keys() | list | join(', ')) ~ ")"
            ) }}
        {%- endif -%}
        {%- for name in names -%}
            {%- do present.update({name: available is none or name | lower in available}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set missing = [] -%}
    {%- set present_columns = [] -%}
    {%- for name, is_present in present.items() -%}
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
            {%- for column_type, names in columns.items() %}
            -- {{ column_type }}
            {%- for name in names %}
            {% if present[name] -%}
                {{ parsers[column_type](name) }}
            {%- else -%}
                cast(null as {{ raw_column_type(column_type) }})
            {%- endif %} as {{ name }},
            {%- endfor %}
            {%- endfor %}
            -- the columns whose raw value could not be parsed (flag unparseable_value)
            {{ unparseable_columns(columns, present, parsers) }} as dq_unparseable_value
        from {{ relation }}
    ) as parsed
{%- endmacro %}

{#- The SQL type a raw_source column type parses to. -#}
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
    with the raw value: "created_date='yesterday'; amount='12,5'". Null when every value parsed.
-#}
{% macro unparseable_columns(columns, present, parsers) -%}
    {%- set checks = [] -%}
    {%- for column_type, names in columns.items() if column_type != 'text' -%}
        {%- for name in names if present[name] -%}
            {%- set quoted = name -%}
            {%- do checks.append(
                "case when " ~ raw_text(quoted) ~ " is not null and " ~ parsers[column_type](quoted)
                ~ " is null then '" ~ name ~ "=''' || " ~ "substr(" ~ raw_text(quoted) ~ ", 1, 60)"
                ~ " || '''; ' else '' end"
            ) -%}
        {%- endfor -%}
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
