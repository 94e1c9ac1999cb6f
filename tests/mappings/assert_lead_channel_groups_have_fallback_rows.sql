-- The seed lead_channel_groups must hold the two fallback rows the channel group relies on:
-- '(none)' (a request without a UTM medium) and '(other)' (a medium without a row), each for
-- every source ('(any)'). Returns the fallback rows that are missing.

with

channel_groups as (
    select * from {{ ref('lead_channel_groups') }}
),

fallbacks as (
    select '(none)' as utm_medium
    union all
    select '(other)' as utm_medium
),

final as (
    select fallbacks.utm_medium
    from fallbacks
    left join channel_groups
        on
            fallbacks.utm_medium = channel_groups.utm_medium
            and channel_groups.utm_source = '(any)'
    where channel_groups.utm_medium is null
)

select * from final
