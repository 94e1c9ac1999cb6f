{#-
    Every casting macro (macros/casting/) on every case: the text cases of the seed
    fixture_casting_cases (with their expected results), plus typed inputs built here (a
    timestamp, a timestamp with time zone at +02:00, a date, booleans, integers, doubles,
    decimals, a typed null). Returns one row per wrong result: the case, the macro, what it gave
    and what was expected. Numbers are equal within 1e-9 relative; the rest exactly; both null
    is equal. is_unparseable must be true exactly when the input is present and the expected
    result null.

    The timestamp with time zone is 2025-03-04 12:00:00 UTC: its date (the date in the session
    time zone) is 2025-03-04 in every time zone from -12:00 to +11:59.
-#}
{%- do config(enabled=(project_name == 'sales_effectiveness')) -%}
{%- set ts = dbt.type_timestamp() -%}
{%- set dbl = type_double() -%}
{%- set tstz = 'timestamp' if target.type in ('spark', 'databricks') else 'timestamp with time zone' -%}
{#- (case_id, SQL expression, expected timestamp, date, boolean, number, integer) -#}
{%- set typed_cases = [
    ('typed_timestamp', "cast('2025-03-04 07:06:07.25' as " ~ ts ~ ")", '2025-03-04 07:06:07.25', '2025-03-04', none, none, none),
    ('typed_timestamp_midnight', "cast('2025-03-04 00:00:00' as " ~ ts ~ ")", '2025-03-04 00:00:00', '2025-03-04', none, none, none),
    ('typed_timestamptz_plus_2h', "cast('2025-03-04 14:00:00+02:00' as " ~ tstz ~ ")", '2025-03-04 12:00:00', '2025-03-04', none, none, none),
    ('typed_date', "cast('2025-03-04' as date)", '2025-03-04 00:00:00', '2025-03-04', none, none, none),
    ('typed_boolean_true', "cast(true as " ~ dbt.type_boolean() ~ ")", none, none, 'true', none, none),
    ('typed_boolean_false', "cast(false as " ~ dbt.type_boolean() ~ ")", none, none, 'false', none, none),
    ('typed_integer_one', "cast(1 as integer)", none, none, 'true', '1', '1'),
    ('typed_integer_zero', "cast(0 as integer)", none, none, 'false', '0', '0'),
    ('typed_bigint', "cast(-12 as " ~ dbt.type_bigint() ~ ")", none, none, none, '-12', '-12'),
    ('typed_double_fraction', "cast(-3.5 as " ~ dbl ~ ")", none, none, none, '-3.5', none),
    ('typed_double_integral', "cast(12 as " ~ dbl ~ ")", none, none, none, '12', '12'),
    ('typed_double_one', "cast(1 as " ~ dbl ~ ")", none, none, 'true', '1', '1'),
    ('typed_double_small', "cast(0.1 as " ~ dbl ~ ")", none, none, none, '0.1', none),
    ('typed_decimal_fraction', "cast(12.5 as decimal(28, 6))", none, none, none, '12.5', none),
    ('typed_decimal_integral', "cast(7 as decimal(28, 6))", none, none, none, '7', '7'),
    ('typed_null_timestamp', "cast(null as " ~ ts ~ ")", none, none, none, none, none),
] -%}

-- noqa: disable=LT02
-- (the rows the loops below render are indented in a way the linter misreads)

with

text_cases as (
    select
        case_id,
        'text' as input_type,
        raw_value as input_value,
        true as check_text,
        expected_text,
        cast(expected_timestamp as {{ ts }}) as expected_timestamp,
        cast(expected_date as date) as expected_date,
        cast(expected_boolean as {{ dbt.type_boolean() }}) as expected_boolean,
        cast(expected_number as {{ dbl }}) as expected_number,
        cast(expected_integer as {{ dbt.type_bigint() }}) as expected_integer,
        {{ raw_text('raw_value') }} as got_text,
        {{ parse_timestamp('raw_value') }} as got_timestamp,
        {{ parse_date('raw_value') }} as got_date,
        {{ parse_boolean('raw_value') }} as got_boolean,
        {{ parse_number('raw_value') }} as got_number,
        {{ parse_integer('raw_value') }} as got_integer,
        {{ is_unparseable('raw_value', parse_timestamp('raw_value')) }} as got_timestamp_unparseable,
        {{ is_unparseable('raw_value', parse_date('raw_value')) }} as got_date_unparseable,
        {{ is_unparseable('raw_value', parse_boolean('raw_value')) }} as got_boolean_unparseable,
        {{ is_unparseable('raw_value', parse_number('raw_value')) }} as got_number_unparseable,
        {{ is_unparseable('raw_value', parse_integer('raw_value')) }} as got_integer_unparseable
    from {{ ref('fixture_casting_cases') }}
),

typed_cases as (
    {%- for case_id, expr, exp_ts, exp_date, exp_bool, exp_num, exp_int in typed_cases %}
    select
        '{{ case_id }}' as case_id,
        '{{ expr | replace("'", "") }}' as input_type,
        {{ raw_text(expr) }} as input_value,
        false as check_text,
        cast(null as {{ dbt.type_string() }}) as expected_text,
        cast({{ "'" ~ exp_ts ~ "'" if exp_ts is not none else 'null' }} as {{ ts }}) as expected_timestamp,
        cast({{ "'" ~ exp_date ~ "'" if exp_date is not none else 'null' }} as date) as expected_date,
        cast({{ exp_bool if exp_bool is not none else 'null' }} as {{ dbt.type_boolean() }}) as expected_boolean,
        cast({{ exp_num if exp_num is not none else 'null' }} as {{ dbl }}) as expected_number,
        cast({{ exp_int if exp_int is not none else 'null' }} as {{ dbt.type_bigint() }}) as expected_integer,
        {{ raw_text(expr) }} as got_text,
        {{ parse_timestamp(expr) }} as got_timestamp,
        {{ parse_date(expr) }} as got_date,
        {{ parse_boolean(expr) }} as got_boolean,
        {{ parse_number(expr) }} as got_number,
        {{ parse_integer(expr) }} as got_integer,
        {{ is_unparseable(expr, parse_timestamp(expr)) }} as got_timestamp_unparseable,
        {{ is_unparseable(expr, parse_date(expr)) }} as got_date_unparseable,
        {{ is_unparseable(expr, parse_boolean(expr)) }} as got_boolean_unparseable,
        {{ is_unparseable(expr, parse_number(expr)) }} as got_number_unparseable,
        {{ is_unparseable(expr, parse_integer(expr)) }} as got_integer_unparseable
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

all_cases as (
    select * from text_cases
    union all
    select * from typed_cases
),

checks as (
    {%- set checks = [
        ('raw_text', 'got_text', 'expected_text', 'check_text and '),
        ('parse_timestamp', 'got_timestamp', 'expected_timestamp', ''),
        ('parse_date', 'got_date', 'expected_date', ''),
        ('parse_boolean', 'got_boolean', 'expected_boolean', ''),
        ('parse_number', 'got_number', 'expected_number', ''),
        ('parse_integer', 'got_integer', 'expected_integer', ''),
    ] %}
    {%- for macro_name, got, expected, guard in checks %}
    select
        case_id,
        input_type,
        input_value,
        '{{ macro_name }}' as macro_name,
        cast({{ got }} as {{ dbt.type_string() }}) as got,
        cast({{ expected }} as {{ dbt.type_string() }}) as expected
    from all_cases
    where
        {{ guard }}not (
            {%- if macro_name == 'parse_number' %}
            coalesce(abs({{ got }} - {{ expected }}) <= 1e-9 * abs({{ expected }}), false)
            {%- else %}
            coalesce({{ got }} = {{ expected }}, false)
            {%- endif %}
            or ({{ got }} is null and {{ expected }} is null)
        )
    union all
    {%- if macro_name != 'raw_text' %}
    select
        case_id,
        input_type,
        input_value,
        'is_unparseable({{ macro_name }})' as macro_name,
        cast({{ got }}_unparseable as {{ dbt.type_string() }}) as got,
        cast({{ raw_text('input_value') }} is not null and {{ expected }} is null as {{ dbt.type_string() }})
            as expected
    from all_cases
    where
        {{ got }}_unparseable is null
        or {{ got }}_unparseable <> ({{ raw_text('input_value') }} is not null and {{ expected }} is null)
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endif %}
    {%- endfor %}
)

select * from checks
