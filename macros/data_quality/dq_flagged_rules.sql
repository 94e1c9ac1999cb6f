{#-
    The flagged rules of every raw table, read from the rules seed (seeds/data_quality/dq_rules.csv,
    the one list of data-quality rules) while the model compiles:

        {'salesforce.lead': ['invalid_email', 'owner_not_a_user', 'unknown_country', 'unparseable_value'], ...}

    A rule whose table_name is '*' applies to every table. Empty while dbt parses, and when the
    seed is not loaded yet (`dbt compile` on an empty warehouse); `dbt build` always loads the
    seed before the models that call this.
-#}
{% macro dq_flagged_rules(table_keys) -%}
    {%- set rules_relation = ref('dq_rules') -%}
    {%- set by_table = {} -%}
    {%- for key in table_keys -%}
        {%- do by_table.update({key: []}) -%}
    {%- endfor -%}
    {%- if not execute -%}
        {{ return(by_table) }}
    {%- endif -%}
    {%- set found = adapter.get_relation(
        database=rules_relation.database, schema=rules_relation.schema, identifier=rules_relation.identifier
    ) -%}
    {%- if found is none -%}
        {{ log("dq_flagged_rules: the seed dq_rules is not loaded yet; no flag is listed", info=false) }}
        {{ return(by_table) }}
    {%- endif -%}
    {%- set result = run_query(
        "select source_name, table_name, rule from " ~ rules_relation
        ~ " where action = 'flagged' order by rule, source_name, table_name"
    ) -%}
    {%- for row in result.rows -%}
        {%- for key in table_keys -%}
            {%- if row[1] == '*' or (row[0] ~ '.' ~ row[1]) == key -%}
                {%- if row[2] not in by_table[key] -%}
                    {%- do by_table[key].append(row[2]) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(by_table) }}
{%- endmacro %}
