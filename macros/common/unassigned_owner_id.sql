{#-
    The owner id of a record without an owner ('unassigned'): int_sales_reps has a row for it,
    labelled from the seed owner_labels, so that `coalesce(owner_id, unassigned_owner_id())`
    always finds a rep, team and region.
-#}
{% macro unassigned_owner_id() -%}
    'unassigned'
{%- endmacro %}

{#- The owner id to attribute a record to: its owner, else the unassigned owner. -#}
{% macro owner_or_unassigned(owner_expr) -%}
    coalesce({{ owner_expr }}, {{ unassigned_owner_id() }})
{%- endmacro %}
