-- The cycle-length buckets (seed cycle_length_buckets) must tile the days from 0 up: the first
-- starts at 0, each one starts the day after the previous one ends, only the last one has no
-- maximum, and none ends before it starts. Returns the buckets that break the tiling.

with

buckets as (
    select * from {{ ref('cycle_length_buckets') }}
),

ordered as (
    select
        cycle_length_bucket,
        min_cycle_days,
        max_cycle_days,
        lag(max_cycle_days) over (order by min_cycle_days) as previous_max_cycle_days,
        row_number() over (order by min_cycle_days) as bucket_rank,
        count(*) over () as bucket_count
    from buckets
),

final as (
    select
        cycle_length_bucket,
        min_cycle_days,
        max_cycle_days,
        previous_max_cycle_days
    from ordered
    where
        (bucket_rank = 1 and min_cycle_days <> 0)
        or (bucket_rank > 1 and coalesce(previous_max_cycle_days + 1 <> min_cycle_days, true))
        or (bucket_rank < bucket_count and max_cycle_days is null)
        or (bucket_rank = bucket_count and max_cycle_days is not null)
        or max_cycle_days < min_cycle_days
)

select * from final
