-- The company's activities of every period equal the count, recomputed from staging, of the
-- completed tasks owned by 'Standard' users that are calls (task_subtype 'Call'), emails
-- (task_subtype 'Email') or meetings (type 'Meeting'), dated by completion else creation
-- (docs/kpis.md, kpi_sales_productivity). Returns the periods that disagree.

with

kpi as (
    select * from {{ ref('kpi_sales_productivity') }}
    where segment_type = 'company'
),

tasks as (
    select * from {{ ref('stg_salesforce__tasks') }}
),

users as (
    select * from {{ ref('stg_salesforce__users') }}
),

periods as (
    select * from {{ ref('int_kpi_periods') }}
),

staged_activities as (
    select
        periods.period_grain,
        periods.period_start,
        count(*) as activities
    from periods
    inner join tasks
        on
            periods.period_start <= cast(tasks.task_at as date)
            and periods.measured_end > cast(tasks.task_at as date)
    inner join users
        on tasks.owner_id = users.user_id
    where
        tasks.is_completed
        and users.user_type = 'Standard'
        and (
            tasks.task_subtype in ('Call', 'Email')
            or tasks.task_type = 'Meeting'
        )
    group by
        periods.period_grain,
        periods.period_start
),

final as (
    select
        kpi.period_grain,
        kpi.period_start,
        kpi.activities,
        coalesce(staged_activities.activities, 0) as staged_activities
    from kpi
    left join staged_activities
        on
            kpi.period_grain = staged_activities.period_grain
            and kpi.period_start = staged_activities.period_start
    where kpi.activities <> coalesce(staged_activities.activities, 0)
)

select * from final
