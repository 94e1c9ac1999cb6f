{#-
    The row rules every base model applies, in one place: the final CTE of a base model.

        final as (
            {{ apply_row_rules(
                'geocoded',
                id_column='lead_id',
                latest_first=['synced_at'],
                deleted_column='is_deleted',
                exclusions=['ends_before_start'],
            ) }}
        )

    Adds to every row of `relation`:
    - record_id: the row's id; row_rank: its rank among the raw rows of that id (1 = kept),
      latest first by `latest_first` (descending, nulls last), ties broken by the row's content
      so that the same data always keeps the same row;
    - raw_row_key: tells apart the raw rows of one id (load time and rank);
    - exclusion_reason / exclusion_detail: null when the row reaches staging, else the first rule
      that excludes it: missing_id, then superseded_by_resync (when `loaded_at_column` is given:
      a later load of the id exists) or duplicate_id (no load time: another row has the id),
      then soft_deleted (`deleted_column` is true), then each rule of `exclusions` in order.
      An exclusion rule `x` is a column `dq_x` of `relation`: its text says why, null when the
      rule does not hit.
    Flags (rows kept with a warning) are columns `dq_<rule>` too; dq_raw_row_issues lists them
    from the rules seed (seeds/data_quality/dq_rules.csv).
-#}
{% macro apply_row_rules(
    relation,
    id_column,
    latest_first=[],
    loaded_at_column=none,
    deleted_column=none,
    exclusions=[]
) -%}
    select
        ranked.*,

        -- row identity
        ranked.{{ id_column }} as record_id,
        {{ raw_row_key('ranked.row_rank', 'ranked.' ~ loaded_at_column if loaded_at_column else none) }}
            as raw_row_key,

        -- row rules (null: the row reaches staging)
        case
            when ranked.{{ id_column }} is null then 'missing_id'
            when ranked.row_rank > 1 then '{{ "superseded_by_resync" if loaded_at_column else "duplicate_id" }}'
            {%- if deleted_column %}
            when ranked.{{ deleted_column }} then 'soft_deleted'
            {%- endif %}
            {%- for rule in exclusions %}
            when ranked.dq_{{ rule }} is not null then '{{ rule }}'
            {%- endfor %}
        end as exclusion_reason,
        case
            when ranked.{{ id_column }} is null then 'id is null'
            when ranked.row_rank > 1 then
            {%- if loaded_at_column %}
                'a later row of this id was loaded at '
                || coalesce(cast(ranked.latest_loaded_at as {{ dbt.type_string() }}), 'an unknown time')
            {%- else %}
                'another row has the same id'
            {%- endif %}
            {%- if deleted_column %}
            when ranked.{{ deleted_column }} then '{{ deleted_column }} is true in the latest load'
            {%- endif %}
            {%- for rule in exclusions %}
            when ranked.dq_{{ rule }} is not null then ranked.dq_{{ rule }}
            {%- endfor %}
        end as exclusion_detail

    from (
        select
            rows_in.*,
            row_number() over (
                partition by rows_in.{{ id_column }}
                order by
                    {%- for column in latest_first %}
                    rows_in.{{ column }} desc nulls last,
                    {%- endfor %}
                    rows_in.row_fingerprint
            ) as row_rank
            {%- if loaded_at_column %},
            max(rows_in.{{ loaded_at_column }}) over (partition by rows_in.{{ id_column }}) as latest_loaded_at
            {%- endif %}
        from {{ relation }} as rows_in
    ) as ranked
{%- endmacro %}
