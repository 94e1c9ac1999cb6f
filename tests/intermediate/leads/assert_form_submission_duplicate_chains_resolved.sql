{#-
    The duplicate-submission chain of int_form_submissions_screened, checked from its output
    (same email and form type, ordered by submitted_at then id):
      * a duplicate is at most var('duplicate_submission_hours') after the kept submission it
        repeats, and that one is the last kept submission before it;
      * a kept submission is more than that after the previous kept one.
    The model resolves chains by pointer doubling up to 2^chain_levels kept submissions per
    island; a longer chain shows here as duplicates too far after the submission they repeat.
-#}
{%- set window_seconds = var('duplicate_submission_hours') * 3600 %}
{%- set too_far = 'duplicate beyond the window of the last kept submission: a chain longer than '
    ~ 'int_form_submissions_screened resolves (raise its chain_levels)' %}

with

screened as (
    select
        form_submission_id,
        email,
        coalesce(form_type, '') as form_type_key,
        submitted_at,
        {{ epoch_seconds('submitted_at') }} as submitted_epoch,
        is_duplicate,
        duplicate_of_submission_id
    from {{ ref('int_form_submissions_screened') }}
    where
        not is_test_record
        and email is not null
        and submitted_at is not null
),

runs as (
    select
        form_submission_id,
        email,
        form_type_key,
        submitted_at,
        submitted_epoch,
        is_duplicate,
        duplicate_of_submission_id,
        sum(case when not is_duplicate then 1 else 0 end) over (
            partition by email, form_type_key
            order by submitted_at, form_submission_id
            rows between unbounded preceding and current row
        ) as kept_run,
        max(case when not is_duplicate then submitted_epoch end) over (
            partition by email, form_type_key
            order by submitted_at, form_submission_id
            rows between unbounded preceding and 1 preceding
        ) as previous_kept_epoch
    from screened
),

ordered as (
    select
        form_submission_id,
        email,
        form_type_key,
        submitted_at,
        submitted_epoch,
        is_duplicate,
        duplicate_of_submission_id,
        previous_kept_epoch,
        max(case when not is_duplicate then form_submission_id end) over (
            partition by email, form_type_key, kept_run
        ) as run_kept_submission_id
    from runs
),

problems as (
    select
        form_submission_id,
        email,
        form_type_key,
        submitted_at,
        is_duplicate,
        duplicate_of_submission_id,
        case
            when is_duplicate and submitted_epoch > previous_kept_epoch + {{ window_seconds }}
                then '{{ too_far }}'
            when is_duplicate and duplicate_of_submission_id <> run_kept_submission_id
                then 'duplicate_of_submission_id is not the last kept submission before it'
            when not is_duplicate and submitted_epoch <= previous_kept_epoch + {{ window_seconds }}
                then 'kept although within the window of the previous kept submission'
        end as problem
    from ordered
)

select * from problems
where problem is not null
