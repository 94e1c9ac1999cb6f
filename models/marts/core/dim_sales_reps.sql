-- One row per owner a record can have (int_sales_reps): every CRM user (sales reps are the
-- 'Standard' users: is_sales_rep), each queue or unknown owner id, and 'unassigned', with the
-- team and region of the role hierarchy as it is today (labels for the others) and the manager.

with

sales_reps as (
    select * from {{ ref('int_sales_reps') }}
),

final as (
    select
        sales_reps.sales_rep_id,
        sales_reps.sales_rep_name,
        sales_reps.owner_kind,
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
