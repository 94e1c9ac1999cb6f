-- The installed package ran end to end on this project's own raw tables: its KPI registry, the
-- opportunities fact and the 4P follow-up fact have rows. Returns the empty ones. (The pytest
-- tests_python/test_package.py compares every mart with the repository's own demo build.)

with

row_counts as (
    select 'dim_kpi_measures' as model_name, count(*) as row_count
    from {{ ref('sales_effectiveness', 'dim_kpi_measures') }}
    union all
    select 'fct_opportunities' as model_name, count(*) as row_count
    from {{ ref('sales_effectiveness', 'fct_opportunities') }}
    union all
    select 'fct_lead_follow_up_4p' as model_name, count(*) as row_count
    from {{ ref('sales_effectiveness', 'fct_lead_follow_up_4p') }}
),

final as (
    select * from row_counts
    where row_count = 0
)

select * from final
