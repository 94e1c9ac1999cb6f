{#-
    A mart measure rounded once, for publication (the convention of every kpi_ mart, see the
    macro's doc in _kpi__macros.yml): every double column of a kpi_ mart's final select goes
    through it, with the measure's registry format.

        {{ round_measure('aggregated.bookings_usd', 'usd') }} as bookings_usd,
        {{ round_measure(safe_divide('won', 'lead_requests'), 'rate') }} as won_rate,

    Money ('usd') is rounded to cents, every other format to 6 decimals. A sum or an average of
    doubles depends on the order the warehouse adds the rows in (threads): about 1e-15 apart from
    one build to the next; rounded once, at the mart, two builds of the same data are
    byte-identical. Compute from unrounded values, round only the published column. A rounded
    zero is always +0 (never -0), and null stays null. The result is a double.
-#}
{% macro round_measure(expr, format) -%}
    {%- set formats = ['count', 'rate', 'growth', 'usd', 'minutes', 'days', 'number'] -%}
    {%- if format not in formats -%}
        {{ exceptions.raise_compiler_error(
            "round_measure: unknown format '" ~ format ~ "' (one of " ~ formats | join(', ') ~ ")"
        ) }}
    {%- endif -%}
    {%- set rounded = round_double(expr, measure_decimals(format)) -%}
    cast(case when {{ rounded }} = 0 then 0 else {{ rounded }} end as {{ type_double() }})
{%- endmacro %}

{#- How many decimals a measure of a registry format keeps: cents for money, else 6. -#}
{% macro measure_decimals(format) -%}
    {{ return(2 if format == 'usd' else 6) }}
{%- endmacro %}

{#-
    `expr` (a double) rounded half away from zero to `decimals` decimals, the same on every
    warehouse: read first as a decimal (as_exact_decimal), then rounded as a decimal. Rounding
    the double itself differs between warehouses on half-way values: DuckDB rounds its binary
    value (2.8584375 stored as 2.85843749999... rounds down), PostgreSQL its 15 significant
    digits and Spark its shortest decimal form.
-#}
{% macro round_double(expr, decimals) -%}
    round({{ as_exact_decimal(expr) }}, {{ decimals }})
{%- endmacro %}

{#-
    sum(expr) of a double, exact: each value is read as a decimal with 9 decimals
    (as_exact_decimal) and the decimals are added exactly, so the total does not depend on the
    order of the rows (a sum of doubles does, in its last bits), nor on the warehouse. A double;
    null when every value is null (like sum). exact=true: `expr` already is such a decimal (read
    once per event with as_exact_decimal, before the rows fan out to segments and periods).
-#}
{% macro exact_sum(expr, exact=false) -%}
    cast(sum({{ expr if exact else as_exact_decimal(expr) }}) as {{ type_double() }})
{%- endmacro %}

{#-
    A number as a decimal of 9 decimals, the same on every warehouse: through the double's
    shortest decimal text, which DuckDB, PostgreSQL and Spark all write (a direct cast rounds
    DuckDB's binary value, PostgreSQL's 15 significant digits: 1e-9 apart now and then, enough to
    flip a total that lands on half a cent).
-#}
{% macro as_exact_decimal(expr) -%}
    {{ return(adapter.dispatch('as_exact_decimal', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{% macro default__as_exact_decimal(expr) -%}
    cast(cast(cast({{ expr }} as {{ type_double() }}) as {{ dbt.type_string() }}) as {{ exact_decimal() }})
{%- endmacro %}

{#-
    DuckDB reads a text as a decimal of 18 digits about six times faster than one of 38 (a
    64-bit against a 128-bit integer): values under 1e8 in absolute value, nearly all of them,
    take the short path and are widened after; the same decimal, at a sixth of the cost, which
    counts where a mart sums millions of fanned-out rows (kpi_open_pipeline).
-#}
{% macro duckdb__as_exact_decimal(expr) -%}
    {%- set number = 'cast(' ~ expr ~ ' as ' ~ type_double() ~ ')' -%}
    {%- set text = 'cast(' ~ number ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    cast(case when abs({{ number }}) < 1e8 then cast({{ text }} as decimal(18, 9)) else cast({{ text }} as {{ exact_decimal() }}) end as {{ exact_decimal() }})
{%- endmacro %}

{#-
    avg(expr) of a double from its exact_sum: the same whatever the order of the rows.
    exact=true: `expr` already is an exact decimal (as_exact_decimal, read once per event before
    the rows fan out to segments and periods; each fanned-out read costs a text conversion).
-#}
{% macro exact_avg(expr, exact=false) -%}
    ({{ exact_sum(expr, exact=exact) }} / nullif(count({{ expr }}), 0))
{%- endmacro %}

{#- The decimal type exact sums add in: 38 digits, 9 of them decimals (totals up to 1e29). -#}
{% macro exact_decimal() -%}
    decimal(38, 9)
{%- endmacro %}
