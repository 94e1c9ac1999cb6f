-- One row per staged form submission, screened into lead requests (docs/kpis.md "Lead requests").
-- A submission is dropped, with its reason, when
--   * its email domain is in the seed excluded_email_domains ('test_record'), or
--   * the same normalized email submitted the same form type within (at most)
--     var('duplicate_submission_hours') after the previous KEPT submission ('duplicate_submission').
-- "Previous kept" makes the rule a chain: with submissions at 0 h, 20 h and 30 h the 20 h one is a
-- duplicate of the 0 h one and the 30 h one is kept (30 h after the last kept one). The chain is
-- walked with a recursive CTE over each email x form type, one step per kept submission.
-- Submissions without an email cannot be matched to anyone and are never duplicates.

with recursive

form_submissions as (
    select * from {{ ref('stg_marketing__form_submissions') }}
),

excluded_email_domains as (
    select * from {{ ref('excluded_email_domains') }}
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

-- the submissions that the duplicate rule looks at, numbered within email x form type
candidates as (
    select
        form_submission_id,
        email,
        form_type_key,
        submitted_at,
        row_number() over (
            partition by email, form_type_key
            order by submitted_at, form_submission_id
        ) as submission_number
    from flagged
    where
        not is_test_record
        and email is not null
        and submitted_at is not null
),

-- if a submission is kept, the next kept one is the first more than N hours after it
next_candidates as (
    select
        candidates.email,
        candidates.form_type_key,
        candidates.submission_number,
        min(later.submission_number) as next_kept_number
    from candidates
    left join candidates as later
        on
            candidates.email = later.email
            and candidates.form_type_key = later.form_type_key
            and candidates.submission_number < later.submission_number
            and {{ dbt.dateadd(
                'hour', var('duplicate_submission_hours'), 'candidates.submitted_at'
            ) }} < later.submitted_at
    group by
        candidates.email,
        candidates.form_type_key,
        candidates.submission_number
),

-- the chain of kept submissions: the first one, then each kept one's next kept one
kept_chain as (
    select
        email,
        form_type_key,
        submission_number,
        next_kept_number
    from next_candidates
    where submission_number = 1

    union all

    select
        next_candidates.email,
        next_candidates.form_type_key,
        next_candidates.submission_number,
        next_candidates.next_kept_number
    from kept_chain
    inner join next_candidates
        on
            kept_chain.email = next_candidates.email
            and kept_chain.form_type_key = next_candidates.form_type_key
            and kept_chain.next_kept_number = next_candidates.submission_number
),

candidates_kept as (
    select
        candidates.form_submission_id,
        candidates.email,
        candidates.form_type_key,
        candidates.submission_number,
        kept_chain.submission_number is not null as is_kept
    from candidates
    left join kept_chain
        on
            candidates.email = kept_chain.email
            and candidates.form_type_key = kept_chain.form_type_key
            and candidates.submission_number = kept_chain.submission_number
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
