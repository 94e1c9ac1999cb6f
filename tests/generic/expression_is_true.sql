{#-
    Fails on every row where the boolean SQL expression is not true (rows where it is null pass).
    On a column, the expression is appended to the column: `expression: ">= 0"`.
-#}
{% test expression_is_true(model, expression, column_name=none) %}

select *
from {{ model }}
where not ({% if column_name is not none %}{{ column_name }} {% endif %}{{ expression }})

{% endtest %}
