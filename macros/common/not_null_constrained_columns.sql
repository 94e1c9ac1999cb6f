{#-
    The columns of the tested model (or seed) that declare a not_null constraint in its YAML, in
    column order: read from the graph by the relation's schema and name. Empty at parse time.
-#}
{% macro not_null_constrained_columns(model) %}
    {%- set names = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values()
            if node.resource_type in ('model', 'seed', 'snapshot')
            and (node.schema | lower) == (model.schema | lower)
            and ((node.alias or node.name) | lower) == (model.identifier | lower) -%}
            {%- for column in node.columns.values() -%}
                {%- if column.constraints | selectattr('type', 'equalto', 'not_null') | list -%}
                    {%- do names.append(column.name) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(names) }}
{% endmacro %}
