-- Every rule that dq_raw_row_issues reports is declared, with the same action, in the rules seed
-- (seeds/data_quality/dq_rules.csv) for its table or for every table ('*'): the seed is the one
-- list of rules, so a rule coded in a base model but missing from it fails here.

with

issues as (
    select distinct
        source_name,
        table_name,
        rule,
        action
    from {{ ref('dq_raw_row_issues') }}
),

rules as (
    select * from {{ ref('dq_rules') }}
),

final as (
    select
        issues.source_name,
        issues.table_name,
        issues.rule,
        issues.action
    from issues
    left join rules
        on
            issues.rule = rules.rule
            and issues.action = rules.action
            and (
                rules.table_name = '*'
                or (issues.source_name = rules.source_name and issues.table_name = rules.table_name)
            )
    where rules.rule is null
)

select * from final
