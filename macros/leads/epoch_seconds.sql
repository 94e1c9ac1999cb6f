{#-
    Seconds since 1970-01-01 00:00:00 of a timestamp without time zone read as UTC, as a
    number (fractions of a second kept): for window frames over time (`range between ...
    following` needs a numeric order key on every warehouse).

        count(*) over (order by {{ epoch_seconds('submitted_at') }} range between unbounded preceding and 86400 following)
-#}
{% macro epoch_seconds(ts) -%}
    {{ return(adapter.dispatch('epoch_seconds', 'sales_effectiveness')(ts)) }}
{%- endmacro %}

{#- PostgreSQL and the default: extract(epoch) of a timestamp without time zone reads it as UTC. -#}
{% macro default__epoch_seconds(ts) -%}
    extract(epoch from {{ ts }})
{%- endmacro %}

{% macro duckdb__epoch_seconds(ts) -%}
    epoch(cast({{ ts }} as timestamp))
{%- endmacro %}

{#- Spark: a timestamp cast to double is the instant's seconds since the epoch (fractions kept). -#}
{% macro spark__epoch_seconds(ts) -%}
    cast({{ ts }} as double)
{%- endmacro %}
