{#-
    The logarithmic mean of two positive numbers: (a - b) / (ln a - ln b), and a when a = b.
    The weight of an exact, order-free split of a product's change into its factors' parts (the
    LMDI decomposition): with V = X1 x X2 x ..., V1 - V0 = sum over the factors of
    log_mean(V1, V0) x ln(X1 / X0). Null when either number is not positive or null.

        {{ log_mean('current.velocity', 'previous.velocity') }} * ln(current.win_rate / previous.win_rate)
-#}
{% macro log_mean(a, b) -%}
    case
        when {{ a }} > 0 and {{ b }} > 0 and {{ a }} = {{ b }} then {{ a }}
        when {{ a }} > 0 and {{ b }} > 0 then ({{ a }} - {{ b }}) / (ln({{ a }}) - ln({{ b }}))
    end
{%- endmacro %}
