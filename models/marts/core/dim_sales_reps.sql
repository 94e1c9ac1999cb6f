-- One row per CRM user (sales reps are the 'Standard' users: is_sales_rep), with the team and
-- region of the role hierarchy as it is today and the manager's name.

with

sales_reps as (
    select * from {{ ref('int_sales_reps') }}
),

final as (
    select
        sales_reps.sales_rep_id,
        sales_reps.sales_rep_name,
        sales_reps.email,
        sales_reps.user_type,
        sales_reps.sales_team,
        sales_reps.sales_region,
        sales_reps.time_zone,
        sales_reps.manager_id,
        managers.sales_rep_name as manager_name,
        sales_reps.is_sales_rep,
        sales_reps.is_active
    from sales_reps
    left join sales_reps as managers
        on sales_reps.manager_id = managers.sales_rep_id
)

select * from final
