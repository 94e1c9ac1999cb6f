-- One row per owner a record can have: every CRM user, every owner id that is not a user (a
-- queue, a deleted or unloaded user) and 'unassigned' (no owner), with the sales team and
-- region the marts report it under (docs/kpis.md "Rep attributes").
-- A user's team and region come from the role tree as it is today, by the levels the seed
-- sales_hierarchy_levels names (the roles N levels under an anchor role), not by depth, so a
-- CEO or VP level above the regions changes nothing. The team is the team role at or above the
-- user's role, the region the region role at or above it. Where there is none, and for owners
-- that are not users, the words come from the seed owner_labels.
-- Only 'Standard' users are sales reps (is_sales_rep); the others are kept so that their
-- records can be attributed and their activity recognised and excluded downstream.

{%- set max_depth = var('role_tree_max_depth') %}

with

users as (
    select * from {{ ref('stg_salesforce__users') }}
),

user_roles as (
    select * from {{ ref('stg_salesforce__user_roles') }}
),

hierarchy_levels as (
    select * from {{ ref('sales_hierarchy_levels') }}
),

owner_labels as (
    select * from {{ ref('owner_labels') }}
),

leads as (
    select * from {{ ref('stg_salesforce__leads') }}
),

contacts as (
    select * from {{ ref('stg_salesforce__contacts') }}
),

accounts as (
    select * from {{ ref('stg_salesforce__accounts') }}
),

opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

-- the two levels of the seed, side by side
levels as (
    select
        max(case when level = 'region' then lower(trim(anchor_role_name)) end) as region_anchor,
        max(case when level = 'region' then levels_below_anchor end) as region_levels_below,
        max(case when level = 'team' then lower(trim(anchor_role_name)) end) as team_anchor,
        max(case when level = 'team' then levels_below_anchor end) as team_levels_below
    from hierarchy_levels
),

labels as (
    select
        max(case when label_key = 'no_team' then label end) as no_team,
        max(case when label_key = 'no_region' then label end) as no_region,
        max(case when label_key = 'queue' then label end) as queue,
        max(case when label_key = 'unknown_owner' then label end) as unknown_owner,
        max(case when label_key = 'unassigned' then label end) as unassigned
    from owner_labels
),

-- each role with its ancestors: ancestor 0 is the role itself, 1 its parent...
role_ancestors as (
    {{ select_role_ancestors('user_roles', max_depth) }}
),

-- the depth among its ancestors of the role's region and team (macros/common/role_tree.sql)
anchored as (
    select
        role_ancestors.*,
        {{ role_level_depth('levels.region_anchor', 'levels.region_levels_below', max_depth) }} as region_depth,
        {{ role_level_depth('levels.team_anchor', 'levels.team_levels_below', max_depth) }} as team_depth
    from role_ancestors
    cross join levels
),

role_placement as (
    select
        user_role_id,
        {{ role_ancestor_name('region_depth', max_depth) }} as sales_region,
        {{ role_ancestor_name('team_depth', max_depth) }} as sales_team
    from anchored
),

-- the latest load time among a role and its ancestors: a rename or a move of any of them can
-- change the team or region of the role's users
role_chain_synced as (
    select
        role_ancestors.user_role_id,
        max(chain_roles.synced_at) as roles_synced_at
    from role_ancestors
    inner join user_roles as chain_roles
        on chain_roles.user_role_id in (
            {%- for depth in range(max_depth + 1) %}
                role_ancestors.ancestor_{{ depth }}_id{{ ',' if not loop.last }}
            {%- endfor %}
        )
    group by role_ancestors.user_role_id
),

user_owners as (
    select
        users.user_id as sales_rep_id,
        users.full_name as sales_rep_name,
        'user' as owner_kind,
        users.email,
        users.user_type,
        users.is_sales_rep,
        users.is_active,
        users.time_zone,
        users.user_role_id,
        users.manager_id,
        coalesce(role_placement.sales_team, labels.no_team) as sales_team,
        coalesce(role_placement.sales_region, labels.no_region) as sales_region,
        case
            when
                role_chain_synced.roles_synced_at is null
                or role_chain_synced.roles_synced_at < users.synced_at
                then users.synced_at
            else role_chain_synced.roles_synced_at
        end as attributes_synced_at
    from users
    cross join labels
    left join role_placement
        on users.user_role_id = role_placement.user_role_id
    left join role_chain_synced
        on users.user_role_id = role_chain_synced.user_role_id
),

record_owner_ids as (
    select owner_id from leads
    union
    select owner_id from contacts
    union
    select owner_id from accounts
    union
    select owner_id from opportunities
),

-- owners that are not users: queues, deleted or unloaded users (flagged owner_not_a_user)
other_owners as (
    select
        record_owner_ids.owner_id as sales_rep_id,
        case
            when {{ salesforce_id_kind('record_owner_ids.owner_id') }} = 'queue' then 'queue'
            else 'unknown_owner'
        end as owner_kind
    from record_owner_ids
    left join users
        on record_owner_ids.owner_id = users.user_id
    where
        record_owner_ids.owner_id is not null
        and users.user_id is null

    union all

    select
        {{ unassigned_owner_id() }} as sales_rep_id,
        'unassigned' as owner_kind
),

labelled_other_owners as (
    select
        other_owners.sales_rep_id,
        other_owners.owner_kind,
        case other_owners.owner_kind
            when 'queue' then labels.queue
            when 'unknown_owner' then labels.unknown_owner
            else labels.unassigned
        end as owner_label
    from other_owners
    cross join labels
),

final as (
    select
        sales_rep_id,
        sales_rep_name,
        owner_kind,
        email,
        user_type,
        is_sales_rep,
        is_active,
        time_zone,
        user_role_id,
        manager_id,
        sales_team,
        sales_region,
        attributes_synced_at
    from user_owners

    union all

    select
        sales_rep_id,
        owner_label as sales_rep_name,
        owner_kind,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as user_type,
        false as is_sales_rep,
        false as is_active,
        cast(null as {{ dbt.type_string() }}) as time_zone,
        cast(null as {{ dbt.type_string() }}) as user_role_id,
        cast(null as {{ dbt.type_string() }}) as manager_id,
        owner_label as sales_team,
        owner_label as sales_region,
        cast(null as {{ dbt.type_timestamp() }}) as attributes_synced_at
    from labelled_other_owners
)

select * from final
