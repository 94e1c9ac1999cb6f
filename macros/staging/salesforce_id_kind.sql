{#-
    What a Salesforce id points at, from its three-character key prefix (a platform fact, the
    same in every org): 'user' (005), 'queue' (00G), 'lead' (00Q), 'contact' (003),
    'account' (001), 'opportunity' (006); null for any other prefix or a null id.
-#}
{% macro salesforce_id_kind(id_expr) -%}
    case substr({{ id_expr }}, 1, 3)
        when '005' then 'user'
        when '00G' then 'queue'
        when '00Q' then 'lead'
        when '003' then 'contact'
        when '001' then 'account'
        when '006' then 'opportunity'
    end
{%- endmacro %}

{#-
    The data-quality text for an owner id that is not a user of the user table (null when it is
    one, or when there is no owner): a queue ('00G' ids) or a user that was deleted or never
    loaded. `user_id_expr` is the matched user id of a left join on the users (null: no match).
-#}
{% macro owner_not_a_user_detail(owner_expr, user_id_expr) -%}
    case
        when {{ owner_expr }} is not null and {{ user_id_expr }} is null
            then
                'owner_id ' || {{ owner_expr }}
                || case
                    when {{ salesforce_id_kind(owner_expr) }} = 'queue' then ' is a queue, not a user'
                    else ' is not in the user table (a deleted or unloaded user)'
                end
    end
{%- endmacro %}
