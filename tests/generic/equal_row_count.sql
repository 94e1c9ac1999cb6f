{#-
    Fails (one row) when the model and compare_model do not have the same number of rows.
    compare_model_where filters compare_model; filter the model with the standard `where` config.
-#}
{% test equal_row_count(model, compare_model, compare_model_where=none) %}

with

model_rows as (

    select count(*) as row_count
    from {{ model }}

),

compare_model_rows as (

    select count(*) as row_count
    from {{ compare_model }}
    {%- if compare_model_where is not none %}
    where {{ compare_model_where }}
    {%- endif %}

)

select
    model_rows.row_count as model_row_count,
    compare_model_rows.row_count as compare_model_row_count
from model_rows
cross join compare_model_rows
where model_rows.row_count <> compare_model_rows.row_count

{% endtest %}
