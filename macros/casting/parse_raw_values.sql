{#-
    Parsing of raw values whatever type the loader gave them (typed, timestamptz, all-varchar,
    CSV seeds). Every macro takes a SQL expression of any type and never raises: a value that
    cannot be parsed gives null (the staging layer flags it as `unparseable_value`).
    Dispatched per warehouse; the default implementation is ANSI / PostgreSQL.
-#}

{#- The value as trimmed text; an empty string is null. -#}
{% macro raw_text(expr) -%}
    {{ return(adapter.dispatch('raw_text', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{% macro default__raw_text(expr) -%}
    nullif(trim(cast({{ expr }} as {{ dbt.type_string() }})), '')
{%- endmacro %}

{#- A UTC timestamp (without time zone) from a timestamp, a timestamptz, a date or ISO-8601 text. -#}
{% macro parse_timestamp(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{% macro default__parse_timestamp(expr) -%}
    cast({{ expr }} as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__parse_timestamp(expr) -%}
    case
        when regexp_full_match(
            {{ raw_text(expr) }},
            '\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?'
        )
            then timezone(
                'UTC',
                try_cast(
                    case
                        when regexp_matches({{ raw_text(expr) }}, '(Z|[+-]\d{2}(:?\d{2})?)$')
                            then {{ raw_text(expr) }}
                        else {{ raw_text(expr) }} || '+00'
                    end as timestamptz
                )
            )
    end
{%- endmacro %}

{#- A calendar date: the date part of a date, a timestamp or text starting with YYYY-MM-DD. -#}
{% macro parse_date(expr) -%}
    {{ return(adapter.dispatch('parse_date', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{% macro default__parse_date(expr) -%}
    cast({{ expr }} as date)
{%- endmacro %}

{% macro duckdb__parse_date(expr) -%}
    case
        when regexp_matches({{ raw_text(expr) }}, '^\d{4}-\d{2}-\d{2}')
            then try_cast(substr({{ raw_text(expr) }}, 1, 10) as date)
    end
{%- endmacro %}

{#- A boolean from a boolean, 1 / 0, or text true/t/1/yes/y and false/f/0/no/n (any case). -#}
{% macro parse_boolean(expr) -%}
    {{ return(adapter.dispatch('parse_boolean', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{% macro default__parse_boolean(expr) -%}
    case lower({{ raw_text(expr) }})
        when 'true' then true
        when 't' then true
        when '1' then true
        when 'yes' then true
        when 'y' then true
        when 'false' then false
        when 'f' then false
        when '0' then false
        when 'no' then false
        when 'n' then false
    end
{%- endmacro %}

{#- A double from a number or numeric text ('12', '-3.5', '1e3', ' .5 '). -#}
{% macro parse_number(expr) -%}
    {{ return(adapter.dispatch('parse_number', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{% macro default__parse_number(expr) -%}
    cast({{ expr }} as {{ type_double() }})
{%- endmacro %}

{% macro duckdb__parse_number(expr) -%}
    try_cast({{ raw_text(expr) }} as double)
{%- endmacro %}

{#- A bigint from an integer, an integral decimal or integral text ('12', '12.0'). -#}
{% macro parse_integer(expr) -%}
    {{ return(adapter.dispatch('parse_integer', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{% macro default__parse_integer(expr) -%}
    cast({{ expr }} as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro duckdb__parse_integer(expr) -%}
    case
        when try_cast({{ raw_text(expr) }} as double) = floor(try_cast({{ raw_text(expr) }} as double))
            then try_cast(try_cast({{ raw_text(expr) }} as double) as bigint)
    end
{%- endmacro %}
