{#-
    Reading the CRM role tree without recursion (portable to every warehouse), for
    int_sales_reps: each role with its ancestors up to `max_depth` levels, where the seed
    sales_hierarchy_levels' anchor sits among them, and the ancestor a level points at.
-#}

{#-
    A select of one row per role of `roles` (user_role_id, role_name, parent_role_id): the role's
    id and, for depth 0 (the role itself) to max_depth, ancestor_<d>_id, ancestor_<d>_name and
    ancestor_<d>_key (the name trimmed and lower case).
-#}
{% macro select_role_ancestors(roles, max_depth) -%}
    select
        role_0.user_role_id,
        {%- for depth in range(max_depth + 1) %}
        role_{{ depth }}.user_role_id as ancestor_{{ depth }}_id,
        role_{{ depth }}.role_name as ancestor_{{ depth }}_name,
        lower(trim(role_{{ depth }}.role_name)) as ancestor_{{ depth }}_key{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ roles }} as role_0
    {%- for depth in range(1, max_depth + 1) %}
    left join {{ roles }} as role_{{ depth }}
        on role_{{ depth - 1 }}.parent_role_id = role_{{ depth }}.user_role_id
    {%- endfor %}
{%- endmacro %}

{#-
    The depth, among a role's ancestors, of the roles of one level (region or team): the depth of
    the nearest ancestor named like the level's anchor (`anchor_expr`, trimmed and lower case;
    blank: the root of the tree), minus `levels_below_expr`. Negative or null: the role sits above
    the level or outside the anchor's subtree.
-#}
{% macro role_level_depth(anchor_expr, levels_below_expr, max_depth) -%}
    case
        {%- for depth in range(max_depth + 1) %}
        when {{ anchor_expr }} <> '' and ancestor_{{ depth }}_key = {{ anchor_expr }} then {{ depth }}
        {%- endfor %}
        {%- for depth in range(max_depth + 1) %}
        when
            coalesce({{ anchor_expr }}, '') = ''
            and ancestor_{{ depth }}_id is not null
            {%- if depth < max_depth %}
            and ancestor_{{ depth + 1 }}_id is null
            {%- endif %}
            then {{ depth }}
        {%- endfor %}
    end - {{ levels_below_expr }}
{%- endmacro %}

{#- The name of the ancestor at the depth `depth_expr` (null when out of range). -#}
{% macro role_ancestor_name(depth_expr, max_depth) -%}
    case {{ depth_expr }}
        {%- for depth in range(max_depth + 1) %}
        when {{ depth }} then ancestor_{{ depth }}_name
        {%- endfor %}
    end
{%- endmacro %}
