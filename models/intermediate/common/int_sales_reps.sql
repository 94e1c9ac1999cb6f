-- One row per CRM user with the sales team and region taken from the role hierarchy
-- (root "Sales" -> region -> team), as it is today. Only users with is_sales_rep
-- ('Standard' users) are sales reps; automation users are kept so that their activity can
-- be recognised and excluded downstream.

with

users as (
    select * from {{ ref('stg_salesforce__users') }}
),

user_roles as (
    select * from {{ ref('stg_salesforce__user_roles') }}
),

roles_with_parents as (
    select
        user_roles.user_role_id,
        user_roles.role_name,
        parent_roles.role_name as parent_role_name,
        parent_roles.parent_role_id as grandparent_role_id
    from user_roles
    left join user_roles as parent_roles
        on user_roles.parent_role_id = parent_roles.user_role_id
),

role_placement as (
    select
        user_role_id,
        -- a team role sits two levels below the root: its parent has a parent
        case
            when grandparent_role_id is not null then role_name
        end as sales_team,
        case
            when grandparent_role_id is not null then parent_role_name
            -- a region role: its parent is the root
            when parent_role_name is not null then role_name
        end as sales_region
    from roles_with_parents
),

final as (
    select
        users.user_id as sales_rep_id,
        users.full_name as sales_rep_name,
        users.email,
        users.user_type,
        users.is_sales_rep,
        users.is_active,
        users.time_zone,
        users.user_role_id,
        role_placement.sales_team,
        role_placement.sales_region,
        users.manager_id
    from users
    left join role_placement
        on users.user_role_id = role_placement.user_role_id
)

select * from final
