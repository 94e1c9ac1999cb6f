{#-
    A UTC timestamp without time zone (dbt.type_timestamp()) from `expr` of any type; never
    raises, null when the value cannot be read.

        {{ parse_timestamp('created_date') }} as created_at

    - a typed timestamp is returned unchanged (it is read through its text, so fractions survive);
    - a timestamp with time zone is converted to UTC (its text carries the offset, so the result
      does not depend on the session time zone);
    - a date gives its midnight;
    - text: 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM', 'YYYY-MM-DD HH:MM:SS', a fraction of 1 to 6
      digits, 'T' instead of the space, and an optional offset 'Z', '+HH', '+HHMM', '+HH:MM' or
      '-HH:MM' converted to UTC ('2025-03-04T07:06:07+02:00' -> 2025-03-04 05:06:07). Text
      without an offset is UTC. Anything else ('yesterday', '2025-13-45', '2025-02-29',
      '2025-3-4', '24:00:00', 'infinity', '') is null.

    Spark's timestamp type is an instant shown in the session time zone: the instant is right
    whatever the session time zone, and it reads as UTC because the project's Spark target sets
    spark.sql.session.timeZone=UTC.
-#}
{% macro parse_timestamp(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{#-
    PostgreSQL and the default: a regular expression guards the cast (a failing cast would stop
    the query: no try_cast before PostgreSQL 16), the day is checked against the month's length,
    then the text, given an explicit '+00' when it has no offset, is read as a timestamptz
    and shown in UTC: independent of the session's TimeZone.
-#}
{% macro default__parse_timestamp(expr) -%}
    {%- set text = sales_effectiveness.raw_text(expr) -%}
    case
        when {{ text }} ~ '{{ sales_effectiveness.casting_timestamp_pattern() }}' then
            case
                when {{ sales_effectiveness.casting_day_is_valid(text) }} then
                    cast(
                        cast(
                            case
                                when length({{ text }}) = 10 then {{ text }} || ' 00:00:00+00'
                                when substr({{ text }}, 11) ~ '[Z+-]' then {{ text }}
                                else {{ text }} || '+00'
                            end
                            as timestamp with time zone
                        ) at time zone 'UTC'
                        as {{ dbt.type_timestamp() }}
                    )
            end
    end
{%- endmacro %}

{#-
    DuckDB: the regular expression rejects what try_cast would accept beyond the format
    ('infinity', 'epoch', '2025-3-4', '24:00:00', zone names); try_cast checks the day. A cast to
    timestamp ignores an offset, which is right for 'Z' and no offset; texts with a '+' or '-'
    offset go through timestamptz and timezone('UTC', ...), independent of the TimeZone setting.
-#}
{% macro duckdb__parse_timestamp(expr) -%}
    {%- set text = sales_effectiveness.raw_text(expr) -%}
    case
        when regexp_full_match({{ text }}, '{{ sales_effectiveness.casting_timestamp_pattern() }}') then
            case
                when contains(substr({{ text }}, 11), '+') or contains(substr({{ text }}, 11), '-')
                    then timezone('UTC', try_cast({{ text }} as timestamptz))
                else try_cast({{ text }} as timestamp)
            end
    end
{%- endmacro %}

{#-
    Spark: the regular expression, then try_cast (null on an impossible day, also with ANSI mode
    on), reading the text as UTC ('Z' appended when it has no offset) whatever the session time
    zone. Spark does not read 'HH:MM' followed by an offset: ':00' seconds are added first.
-#}
{% macro spark__parse_timestamp(expr) -%}
    {%- set text = sales_effectiveness.raw_text(expr) -%}
    case
        when {{ text }} rlike '{{ sales_effectiveness.casting_timestamp_pattern() }}' then
            try_cast(
                case
                    when length({{ text }}) = 10 then concat({{ text }}, ' 00:00:00Z')
                    else concat(
                        substr({{ text }}, 1, 16),
                        case when substr({{ text }}, 17, 1) = ':' then '' else ':00' end,
                        substr({{ text }}, 17),
                        case when substr({{ text }}, 11) rlike '[Z+-]' then '' else 'Z' end
                    )
                end
                as timestamp
            )
    end
{%- endmacro %}

{#-
    True when the text (already matching casting_timestamp_pattern) names a real day: the day
    is at most the month's length (leap years included) and the year is not 0000. Only integer
    arithmetic, so it never raises. For warehouses without try_cast (PostgreSQL).
-#}
{% macro casting_day_is_valid(text) -%}
    (
        substr({{ text }}, 1, 4) <> '0000'
        and cast(substr({{ text }}, 9, 2) as integer) <= case cast(substr({{ text }}, 6, 2) as integer)
            when 2 then
                case
                    when
                        mod(cast(substr({{ text }}, 1, 4) as integer), 4) = 0
                        and (
                            mod(cast(substr({{ text }}, 1, 4) as integer), 100) <> 0
                            or mod(cast(substr({{ text }}, 1, 4) as integer), 400) = 0
                        )
                        then 29
                    else 28
                end
            when 4 then 30
            when 6 then 30
            when 9 then 30
            when 11 then 30
            else 31
        end
    )
{%- endmacro %}
