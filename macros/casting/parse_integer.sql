{#-
    A bigint from `expr` of any type; never raises, null when the value cannot be read.

        {{ parse_integer('quantity') }} as quantity

    Integer types are converted; decimals and doubles only when integral (12.000000 -> 12);
    text must be an integral number, trimmed, with an optional sign and an optional fraction of
    zeros: '12', '+4', '-3', '12.0'. A non-integral value ('12.5') is null, never truncated or
    rounded; so is an exponent ('1e3', also a double rendered as '1e+20'), anything else
    ('12abc', '') and a value beyond the bigint range.
-#}
{% macro parse_integer(expr) -%}
    {{ return(adapter.dispatch('parse_integer', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{#- PostgreSQL: the integral part as numeric, range-checked before the bigint cast. -#}
{% macro default__parse_integer(expr) -%}
    {%- set text = sales_effectiveness.raw_text(expr) -%}
    {%- set integral_part = 'cast(split_part(' ~ text ~ ", '.', 1) as numeric)" -%}
    case
        when {{ text }} ~ '{{ sales_effectiveness.casting_integer_pattern() }}' then
            case
                when {{ integral_part }} between -9223372036854775808 and 9223372036854775807
                    then cast({{ integral_part }} as {{ dbt.type_bigint() }})
            end
    end
{%- endmacro %}

{% macro duckdb__parse_integer(expr) -%}
    {%- set text = sales_effectiveness.raw_text(expr) -%}
    case
        when regexp_full_match({{ text }}, '{{ sales_effectiveness.casting_integer_pattern() }}')
            then try_cast(split_part({{ text }}, '.', 1) as bigint)
    end
{%- endmacro %}

{% macro spark__parse_integer(expr) -%}
    {%- set text = sales_effectiveness.raw_text(expr) -%}
    case
        when {{ text }} rlike '{{ sales_effectiveness.casting_integer_pattern() }}'
            then try_cast(substring_index({{ text }}, '.', 1) as bigint)
    end
{%- endmacro %}
