{#-
    The values of `measure` of a group, sorted, joined with `delimiter_text` (a SQL string
    literal); nulls are left out, null when the group has no value:

        {{ listagg_sorted('follow_up_channel', "', '") }} as follow_up_channels
        -- 'call, call, email'

    dbt.listagg with 'order by <measure>' everywhere but on Spark, where dbt.listagg ignores the
    order (collect_list's order is not defined): there the collected values are sorted.
-#}
{% macro listagg_sorted(measure, delimiter_text) -%}
    {{ return(adapter.dispatch('listagg_sorted', 'sales_effectiveness')(measure, delimiter_text)) }}
{%- endmacro %}

{% macro default__listagg_sorted(measure, delimiter_text) -%}
    {{ dbt.listagg(measure, delimiter_text, 'order by ' ~ measure) }}
{%- endmacro %}

{% macro spark__listagg_sorted(measure, delimiter_text) -%}
    case
        when count({{ measure }}) > 0
            then array_join(array_sort(collect_list({{ measure }})), {{ delimiter_text }})
    end
{%- endmacro %}
