{#-
    The regular expressions behind the parse_* macros, written once for every warehouse: no
    backslash (Spark string literals treat it as an escape), so `[0-9]` and `[.]`.
-#}

{#-
    A timestamp text: 'YYYY-MM-DD', optionally followed by ' ' or 'T', 'HH:MM', ':SS', a fraction
    of 1 to 6 digits, and a UTC offset 'Z', '+HH', '+HHMM', '+HH:MM' (or '-'), offsets up to 15:59.
    Months 01-12, days 01-31, hours 00-23, minutes and seconds 00-59 (days beyond the month's
    length are checked by each implementation).
-#}
{% macro casting_timestamp_pattern() -%}
    ^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,6})?)?(Z|[+-](0[0-9]|1[0-5])(:?[0-5][0-9])?)?)?$
{%- endmacro %}

{#- A decimal number: optional sign, digits with an optional fraction (or '.5'), optional exponent. -#}
{% macro casting_number_pattern() -%}
    ^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$
{%- endmacro %}

{#- An integral number: optional sign, digits, optionally '.' and zeros ('12', '-3', '12.0'). -#}
{% macro casting_integer_pattern() -%}
    ^[+-]?[0-9]+([.]0*)?$
{%- endmacro %}

{#- The text values of parse_boolean (compared lower case). -#}
{% macro casting_true_values() -%}
    ('true', 't', '1', 'yes', 'y')
{%- endmacro %}

{% macro casting_false_values() -%}
    ('false', 'f', '0', 'no', 'n')
{%- endmacro %}
