{#-
    The graph node (model, seed or snapshot) built as `relation`, found by its schema and
    identifier (its alias, else its name); none at parse time or when no node matches. Generic
    tests use it to read the YAML of the model they test.
-#}
{% macro relation_node(relation) %}
    {%- if execute -%}
        {%- for node in graph.nodes.values()
            if node.resource_type in ('model', 'seed', 'snapshot')
            and (node.schema | lower) == (relation.schema | lower)
            and ((node.alias or node.name) | lower) == (relation.identifier | lower) -%}
            {{ return(node) }}
        {%- endfor -%}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}


{#-
    The columns of the tested model (or seed) that declare a not_null constraint in its YAML, in
    column order (relation_node). Empty at parse time.
-#}
{% macro not_null_constrained_columns(model) %}
    {%- set names = [] -%}
    {%- set node = sales_effectiveness.relation_node(model) -%}
    {%- if node is not none -%}
        {%- for column in node.columns.values() -%}
            {%- if column.constraints | selectattr('type', 'equalto', 'not_null') | list -%}
                {%- do names.append(column.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(names) }}
{% endmacro %}
