{#-
    Converts a UTC timestamp (without time zone) to the wall-clock time of an IANA time zone,
    returned as a timestamp without time zone:

        {{ convert_timezone('submitted_at', 'reps.time_zone') }}
        -- 2025-01-10 22:30 UTC in 'America/New_York' -> 2025-01-10 17:30

    `ts` and `tz` are SQL expressions (tz may be a column). Daylight saving time follows the
    zone's rules. Warehouses differ here, so each supplies its own implementation.
-#}
{% macro convert_timezone(ts, tz) -%}
    {{ return(adapter.dispatch('convert_timezone', 'sales_effectiveness')(ts, tz)) }}
{%- endmacro %}

{#- Postgres and the SQL standard: read the value as UTC, then show it in the zone. -#}
{% macro default__convert_timezone(ts, tz) -%}
    (({{ ts }}) at time zone 'UTC') at time zone ({{ tz }})
{%- endmacro %}

{#-
    DuckDB (ICU): timezone('UTC', timestamp) reads the wall-clock value as UTC (a timestamptz,
    independent of the session's TimeZone setting); timezone(tz, timestamptz) gives the
    wall-clock time in tz.
-#}
{% macro duckdb__convert_timezone(ts, tz) -%}
    timezone({{ tz }}, timezone('UTC', cast({{ ts }} as timestamp)))
{%- endmacro %}

{% macro snowflake__convert_timezone(ts, tz) -%}
    convert_timezone('UTC', {{ tz }}, cast({{ ts }} as timestamp_ntz))
{%- endmacro %}

{% macro bigquery__convert_timezone(ts, tz) -%}
    datetime(timestamp({{ ts }}), {{ tz }})
{%- endmacro %}

{% macro spark__convert_timezone(ts, tz) -%}
    from_utc_timestamp({{ ts }}, {{ tz }})
{%- endmacro %}
