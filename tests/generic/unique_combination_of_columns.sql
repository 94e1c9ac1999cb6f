{#-
    Fails once per combination of the columns' values held by more than one row
    (null values count as a value, so two rows with the same nulls are duplicates).
-#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{%- set columns_csv = combination_of_columns | join(', ') %}

select
    {{ columns_csv }},
    count(*) as duplicate_rows
from {{ model }}
group by {{ columns_csv }}
having count(*) > 1

{% endtest %}
