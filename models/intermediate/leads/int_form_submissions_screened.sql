-- One row per staged form submission, screened into lead requests (docs/kpis.md "Lead requests").
-- A submission is dropped, with its reason, when
--   * its email domain is in the seed excluded_email_domains ('test_record'; the demo's own
--     domain only while the demo data is in use), or
--   * the same normalized email submitted the same form type within (at most)
--     var('duplicate_submission_hours') after the previous KEPT submission ('duplicate_submission').
-- "Previous kept" makes the rule a chain: with submissions at 0 h, 20 h and 30 h the 20 h one is a
-- duplicate of the 0 h one and the 30 h one is kept (30 h after the last kept one).
-- Submissions without an email cannot be matched to anyone and are never duplicates.
--
-- The chain is resolved set-based (no recursive CTE, which not every warehouse has), within each
-- email x form type, submissions numbered by time:
--   * next(n), the submission kept after n if n is kept, is the first one more than N hours after
--     n: one more than the number of submissions at most N hours after n (a RANGE window frame);
--   * a submission more than N hours after the one before it starts an "island" and is always
--     kept (every earlier kept one is more than N hours before it), so islands are independent;
--     in an island of one or two submissions the first is kept and the second is a duplicate;
--   * in the rare longer islands, the kept ones are those reached from the island's first by
--     following next(): pointer doubling, chain_levels rounds, each doubling the jump length
--     and adding the submissions reached from the kept ones, covers chains of up to
--     2^chain_levels kept submissions per island. The test
--     assert_form_submission_duplicate_chains_resolved fails on a longer one. Spark inlines every
--     CTE into each reference (each round reads the previous one three times: 3^rounds plans), so
--     there the chain is walked by a higher-order aggregate over each island's array, unbounded.

{%- set window_seconds = var('duplicate_submission_hours') * 3600 %}
{%- set chain_levels = 6 %}

with

form_submissions as (
    select * from {{ ref('stg_marketing__form_submissions') }}
),

-- the demo company's own domain only while the demo data is in use (or var keep_demo_only_rows)
excluded_email_domains as (
    select * from {{ ref('excluded_email_domains') }}
    {%- if not (demo_data_in_use() or var('keep_demo_only_rows', false)) %}
        where not coalesce(is_demo_only, false)
    {%- endif %}
),

flagged as (
    select
        form_submissions.*,
        excluded_email_domains.reason as excluded_domain_reason,
        excluded_email_domains.email_domain is not null as is_test_record,
        coalesce(form_submissions.form_type, '') as form_type_key
    from form_submissions
    left join excluded_email_domains
        on form_submissions.email_domain = lower(trim(excluded_email_domains.email_domain))
),

-- the submissions that the duplicate rule looks at
candidates as (
    select
        form_submission_id,
        email,
        form_type_key,
        submitted_at,
        {{ epoch_seconds('submitted_at') }} as submitted_epoch
    from flagged
    where
        not is_test_record
        and email is not null
        and submitted_at is not null
),

-- numbered within email x form type; next_number: the first submission more than N hours later
positioned as (
    select
        form_submission_id,
        email,
        form_type_key,
        submitted_epoch,
        row_number() over (
            partition by email, form_type_key
            order by submitted_at, form_submission_id
        ) as submission_number,
        count(*) over (
            partition by email, form_type_key
            order by submitted_epoch
            range between unbounded preceding and {{ window_seconds }} following
        ) + 1 as next_number,
        lag(submitted_epoch) over (
            partition by email, form_type_key
            order by submitted_at, form_submission_id
        ) as previous_epoch
    from candidates
),

islands as (
    select
        form_submission_id,
        email,
        form_type_key,
        submission_number,
        next_number,
        sum(
            case
                when previous_epoch is null or submitted_epoch > previous_epoch + {{ window_seconds }}
                    then 1
                else 0
            end
        ) over (
            partition by email, form_type_key
            order by submission_number
            rows between unbounded preceding and current row
        ) as island_number
    from positioned
),

island_bounds as (
    select
        form_submission_id,
        email,
        form_type_key,
        submission_number,
        next_number,
        min(submission_number) over (
            partition by email, form_type_key, island_number
        ) as island_first_number,
        max(submission_number) over (
            partition by email, form_type_key, island_number
        ) as island_last_number
    from islands
),

{% if target.type in ('spark', 'databricks') %}
-- Spark: each island of three or more as one row, the position (in the island) of every
-- submission's next one (0: out of the island); the chain is walked by a higher-order
-- aggregate, with no length limit (pointer doubling would plan each round three times over).
hard_islands as (
    select
        email,
        form_type_key,
        island_first_number,
        transform(
            array_sort(collect_list(struct(
                submission_number,
                cast(
                    case
                        when next_number <= island_last_number then next_number - island_first_number + 1
                        else 0
                    end as int
                ) as next_position
            ))),
            entry -> entry.next_position
        ) as next_positions
    from island_bounds
    where island_last_number - island_first_number >= 2
    group by email, form_type_key, island_first_number
),

hard_walks as (
    select
        email,
        form_type_key,
        island_first_number,
        aggregate(
            next_positions,
            array(1),
            (kept, ignored) -> case
                when element_at(next_positions, element_at(kept, -1)) > 0
                    then concat(kept, array(element_at(next_positions, element_at(kept, -1))))
                else kept
            end
        ) as kept_positions
    from hard_islands
),

hard_kept as (
    select
        email,
        form_type_key,
        island_first_number + kept_position - 1 as submission_number,
        true as is_kept
    from hard_walks
    lateral view explode(kept_positions) kept_positions_table as kept_position
),
{% else %}
-- islands of three or more: jump_number is where a kept submission leads (null: out of the island)
    chain_0 as (
        select
            email,
            form_type_key,
            submission_number,
            case when next_number <= island_last_number then next_number end as jump_number,
            submission_number = island_first_number as is_kept
        from island_bounds
        where island_last_number - island_first_number >= 2
    ),
    {% for level in range(chain_levels) %}
    -- round {{ level + 1 }}: jumps twice as long; kept: reached within {{ 2 ** (level + 1) - 1 }} jumps of the first
        reached_{{ level }} as (
            select distinct
                email,
                form_type_key,
                jump_number as target_number
            from chain_{{ level }}
            where is_kept and jump_number is not null
        ),

        chain_{{ level + 1 }} as (
            select
                current_round.email,
                current_round.form_type_key,
                current_round.submission_number,
                jumped.jump_number,
                current_round.is_kept or reached_{{ level }}.target_number is not null as is_kept
            from chain_{{ level }} as current_round
            left join chain_{{ level }} as jumped
                on
                    current_round.email = jumped.email
                    and current_round.form_type_key = jumped.form_type_key
                    and current_round.jump_number = jumped.submission_number
            left join reached_{{ level }}
                on
                    current_round.email = reached_{{ level }}.email
                    and current_round.form_type_key = reached_{{ level }}.form_type_key
                    and current_round.submission_number = reached_{{ level }}.target_number
        ),
    {% endfor %}
    hard_kept as (
        select
            email,
            form_type_key,
            submission_number,
            is_kept
        from chain_{{ chain_levels }}
    ),
{% endif %}

candidates_kept as (
    select
        island_bounds.form_submission_id,
        island_bounds.email,
        island_bounds.form_type_key,
        island_bounds.submission_number,
        case
            when island_bounds.island_last_number - island_bounds.island_first_number >= 2
                then coalesce(hard_kept.is_kept, false)
            else island_bounds.submission_number = island_bounds.island_first_number
        end as is_kept
    from island_bounds
    left join hard_kept
        on
            island_bounds.email = hard_kept.email
            and island_bounds.form_type_key = hard_kept.form_type_key
            and island_bounds.submission_number = hard_kept.submission_number
),

-- each duplicate points at the kept submission it repeats: the last kept one before it
kept_runs as (
    select
        form_submission_id,
        email,
        form_type_key,
        is_kept,
        sum(case when is_kept then 1 else 0 end) over (
            partition by email, form_type_key
            order by submission_number
            rows between unbounded preceding and current row
        ) as kept_run_number
    from candidates_kept
),

duplicate_links as (
    select
        form_submission_id,
        is_kept,
        max(case when is_kept then form_submission_id end) over (
            partition by email, form_type_key, kept_run_number
        ) as kept_submission_id
    from kept_runs
),

final as (
    select
        flagged.form_submission_id,
        flagged.email,
        flagged.email_domain,
        flagged.first_name,
        flagged.last_name,
        flagged.company_name,
        flagged.job_title,
        flagged.country_code,
        flagged.form_type,
        flagged.asset_name,
        flagged.page_url,
        flagged.utm_source,
        flagged.utm_medium,
        flagged.utm_campaign,
        flagged.submitted_at,
        flagged.is_test_record,
        flagged.excluded_domain_reason,
        coalesce(not duplicate_links.is_kept, false) as is_duplicate,
        case
            when not duplicate_links.is_kept then duplicate_links.kept_submission_id
        end as duplicate_of_submission_id,
        case
            when flagged.is_test_record then 'test_record'
            when not duplicate_links.is_kept then 'duplicate_submission'
            when flagged.submitted_at is null then 'missing_submitted_at'
        end as exclusion_reason,
        not flagged.is_test_record
        and coalesce(duplicate_links.is_kept, true)
        and flagged.submitted_at is not null as is_lead_request
    from flagged
    left join duplicate_links
        on flagged.form_submission_id = duplicate_links.form_submission_id
)

select * from final
