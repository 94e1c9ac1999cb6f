{#-
    The exact-number macros (macros/kpi/round_measure.sql) on hand-made doubles: as_exact_decimal
    reads each one as the decimal of its shortest text, on both sides of DuckDB's short path
    (|x| < 1e8) and on every warehouse; round_measure rounds it half away from zero (cents for
    money, 6 decimals otherwise); exact_sum adds the same total whether it reads the doubles or
    decimals read before (exact=true). Returns one row per wrong result.

    2.8584375 is the case that needs the text: its binary value is 2.85843749999..., which a
    direct rounding takes down to 2.858437.
-#}
{%- do config(enabled=(project_name == 'sales_effectiveness')) -%}
{%- set dbl = type_double() -%}
{#- (case_id, the double, its decimal, rounded to cents, rounded to 6 decimals) -#}
{%- set cases = [
    ('tenth', '0.1', '0.1', '0.1', '0.1'),
    ('binary_half', '2.8584375', '2.8584375', '2.86', '2.858438'),
    ('negative_half_cent', '-0.125', '-0.125', '-0.13', '-0.125'),
    ('negative_tiny', '-0.001', '-0.001', '0', '-0.001'),
    ('integral', '42', '42', '42', '42'),
    ('under_short_path_limit', '99999999.995', '99999999.995', '100000000', '99999999.995'),
    ('over_short_path_limit', '123456789.125', '123456789.125', '123456789.13', '123456789.125'),
    ('negative_large', '-2500000000.5', '-2500000000.5', '-2500000000.5', '-2500000000.5'),
    ('null', 'null', 'null', 'null', 'null'),
] -%}

with

cases as (
    {%- for case_id, number, exact, cents, micros in cases %}
        select
            '{{ case_id }}' as case_id,
            cast({{ number }} as {{ dbl }}) as number_value,
            cast({{ "'" ~ exact ~ "'" if exact != 'null' else 'null' }} as {{ exact_decimal() }})
                as expected_exact,
            cast({{ cents }} as {{ dbl }}) as expected_cents,
            cast({{ micros }} as {{ dbl }}) as expected_micros
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

read_cases as (
    select
        case_id,
        number_value,
        expected_exact,
        expected_cents,
        expected_micros,
        {{ as_exact_decimal('number_value') }} as exact_value,
        {{ round_measure('number_value', 'usd') }} as cents_value,
        {{ round_measure('number_value', 'rate') }} as micros_value
    from cases
),

wrong_reads as (
    select
        case_id,
        'as_exact_decimal / round_measure' as check_name
    from read_cases
    where
        not (
            (exact_value = expected_exact or (exact_value is null and expected_exact is null))
            and (cents_value = expected_cents or (cents_value is null and expected_cents is null))
            and (micros_value = expected_micros or (micros_value is null and expected_micros is null))
        )
),

sums as (
    select
        {{ exact_sum('number_value') }} as summed_doubles,
        {{ exact_sum('exact_value', exact=true) }} as summed_decimals,
        cast(sum(expected_exact) as {{ dbl }}) as expected_sum
    from read_cases
),

wrong_sums as (
    select
        'all cases' as case_id,
        'exact_sum' as check_name
    from sums
    where
        not (summed_doubles = expected_sum and summed_decimals = expected_sum)
),

final as (
    select * from wrong_reads
    union all
    select * from wrong_sums
)

select * from final
