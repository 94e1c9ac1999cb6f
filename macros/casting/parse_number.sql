{#-
    A double (type_double()) from `expr` of any type; never raises, null when the value cannot
    be read.

        {{ parse_number('amount') }} as amount

    Numeric types are converted; text must be a plain decimal number, trimmed: '12', '-3.5',
    '+4', '1e3', ' 4.0 ', '.5', '5.'. Anything else ('12abc', '1,5', '1.2.3', 'nan', 'inf',
    '') is null, and so is a value beyond the double range ('1e400'); a value below it
    ('1e-400') is 0.
-#}
{% macro parse_number(expr) -%}
    {{ return(adapter.dispatch('parse_number', 'sales_effectiveness')(expr)) }}
{%- endmacro %}

{#- PostgreSQL: numeric first (it reads any exponent), then a range check before the double. -#}
{% macro default__parse_number(expr) -%}
    {%- set text = sales_effectiveness.raw_text(expr) -%}
    case
        when {{ text }} ~ '{{ sales_effectiveness.casting_number_pattern() }}' then
            case
                when abs(cast({{ text }} as numeric)) < 1e-300
                    then cast(0 as {{ sales_effectiveness.type_double() }})
                when abs(cast({{ text }} as numeric)) <= 1e308
                    then cast(cast({{ text }} as numeric) as {{ sales_effectiveness.type_double() }})
            end
    end
{%- endmacro %}

{% macro duckdb__parse_number(expr) -%}
    {%- set text = sales_effectiveness.raw_text(expr) -%}
    case
        when
            regexp_full_match({{ text }}, '{{ sales_effectiveness.casting_number_pattern() }}')
            and isfinite(try_cast({{ text }} as double))
            then try_cast({{ text }} as double)
    end
{%- endmacro %}

{#- Spark reads an exponent beyond the range as Infinity: dropped. -#}
{% macro spark__parse_number(expr) -%}
    {%- set text = sales_effectiveness.raw_text(expr) -%}
    case
        when
            {{ text }} rlike '{{ sales_effectiveness.casting_number_pattern() }}'
            and abs(try_cast({{ text }} as double)) <= 1.7976931348623157e308
            then try_cast({{ text }} as double)
    end
{%- endmacro %}
