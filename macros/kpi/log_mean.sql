{#-
    The logarithmic mean of two positive numbers: (a - b) / (ln a - ln b), and a when a = b.
    The weight of an exact, order-free split of a product's change into its factors' parts (the
    LMDI decomposition): with V = X1 x X2 x ..., V1 - V0 = sum over the factors of
    log_mean(V1, V0) x ln(X1 / X0). Null when either number is not positive or null.

        {{ log_mean('current.velocity', 'previous.velocity') }} * ln(current.win_rate / previous.win_rate)
-#}
{% macro log_mean(a, b) -%}
    case
        when {{ a }} > 0 and {{ b }} > 0 and ln({{ a }}) <> ln({{ b }})
            then ({{ a }} - {{ b }}) / (ln({{ a }}) - ln({{ b }}))
        when {{ a }} > 0 and {{ b }} > 0 then {{ a }}
    end
{%- endmacro %}

{#-
    ln(a / b), null unless both are positive: never a division by zero nor the logarithm of zero
    (errors on PostgreSQL, where every branch of an expression is evaluated).
-#}
{% macro log_ratio(a, b) -%}
    case when {{ a }} > 0 and {{ b }} > 0 then ln(cast({{ a }} as {{ type_double() }}) / {{ b }}) end
{%- endmacro %}
