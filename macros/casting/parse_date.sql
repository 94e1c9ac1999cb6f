{#-
    A calendar date from `expr` of any type; never raises, null when the value cannot be read.

        {{ parse_date('close_date') }} as close_date

    - a typed date is returned unchanged, a timestamp gives its date (a timestamp with time zone
      its date in the session time zone, UTC on this project's targets);
    - text with the shape parse_timestamp reads gives its literal 'YYYY-MM-DD' part: time and
      offset are ignored, so '2025-03-04 00:00:00' and '2025-03-04T23:30:00-02:00' are
      2025-03-04 (the date as written, not converted to UTC);
    - anything else ('yesterday', '2025-13-45', '2025-02-29', '04/03/2025', '') is null.
-#}
{% macro parse_date(expr) -%}
    {{ return(adapter.dispatch('parse_date', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{% macro default__parse_date(expr) -%}
    {%- set text = sales_effectiveness.raw_text(expr) -%}
    case
        when {{ text }} ~ '{{ sales_effectiveness.casting_timestamp_pattern() }}' then
            case
                when {{ sales_effectiveness.casting_day_is_valid(text) }}
                    then cast(substr({{ text }}, 1, 10) as date)
            end
    end
{%- endmacro %}

{% macro duckdb__parse_date(expr) -%}
    {%- set text = sales_effectiveness.raw_text(expr) -%}
    case
        when regexp_full_match({{ text }}, '{{ sales_effectiveness.casting_timestamp_pattern() }}')
            then try_cast(substr({{ text }}, 1, 10) as date)
    end
{%- endmacro %}

{% macro spark__parse_date(expr) -%}
    {%- set text = sales_effectiveness.raw_text(expr) -%}
    case
        when {{ text }} rlike '{{ sales_effectiveness.casting_timestamp_pattern() }}'
            then try_cast(substr({{ text }}, 1, 10) as date)
    end
{%- endmacro %}
