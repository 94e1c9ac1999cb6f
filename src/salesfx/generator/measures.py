"""Sanity measures of generated raw data in pandas: the planted effects, computed the way
docs/kpis.md defines them (simplified where it does not matter). Used by the generator's tests; the
dbt marts compute the real KPIs."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from salesfx.generator.config import COMPANY_DOMAIN
from salesfx.generator.emails import PUSH_PHRASES
from salesfx.generator.reference import GENERIC_MAILBOXES, WARMTH_BY_FORM_TYPE
from salesfx.generator.schema import BOOLEAN, DATE, DOUBLE, INTEGER, TABLES, TIMESTAMP

TEST_DOMAINS = ("example.com", "test.com", COMPANY_DOMAIN)
PHONE = re.compile(r"\+?\d[\d ().-]{7,}\d")


def load_raw(folder: Path) -> dict[str, pd.DataFrame]:
    """Every raw CSV as a DataFrame with the contract's types ('' = null, nothing else)."""
    frames: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        path = folder / table.source / f"{table.name}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        for column in table.columns:
            values = frame[column.name]
            if column.type == TIMESTAMP:
                frame[column.name] = pd.to_datetime(values, format="%Y-%m-%d %H:%M:%S")
            elif column.type == DATE:
                frame[column.name] = pd.to_datetime(values, format="%Y-%m-%d")
            elif column.type == BOOLEAN:
                frame[column.name] = values.map({"true": True, "false": False})
            elif column.type in (DOUBLE, INTEGER):
                frame[column.name] = pd.to_numeric(values)
        frames[table.key] = frame
    return frames


def current(frame: pd.DataFrame) -> pd.DataFrame:
    """Staging's view of a Salesforce table: no soft deletes, latest re-sync per id."""
    if "is_deleted" in frame:
        frame = frame[~frame["is_deleted"].astype(bool)]
    if "_fivetran_synced" in frame:
        frame = frame.sort_values(["id", "_fivetran_synced"]).drop_duplicates("id", keep="last")
    return frame


def normalize_email(values: pd.Series) -> pd.Series:
    cleaned = values.str.strip().str.lower()
    return cleaned.where(cleaned.str.contains("@", na=False))


def lead_requests(raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Form submissions without test records and 24-hour duplicates, with their person."""
    forms = raw["marketing.form_submission"].copy()
    forms["email_norm"] = normalize_email(forms["email"])
    domain = forms["email_norm"].str.split("@").str[1]
    forms = forms[~domain.isin(TEST_DOMAINS)]
    forms = forms.sort_values(["email_norm", "form_type", "submitted_at", "submission_id"])
    keep = []
    last_kept: dict[tuple[str, str], pd.Timestamp] = {}
    for email, form_type, moment in zip(
        forms["email_norm"], forms["form_type"], forms["submitted_at"], strict=True
    ):
        if not isinstance(email, str):
            keep.append(True)
            continue
        previous = last_kept.get((email, form_type))
        if previous is not None and moment - previous <= pd.Timedelta(hours=24):
            keep.append(False)
            continue
        last_kept[(email, form_type)] = moment
        keep.append(True)
    requests = forms[keep].copy()
    requests["warmth"] = requests["form_type"].map(WARMTH_BY_FORM_TYPE).fillna("unclassified")

    leads = current(raw["salesforce.lead"]).copy()
    leads["email_norm"] = normalize_email(leads["email"])
    leads = leads.dropna(subset=["email_norm"]).sort_values(["email_norm", "created_date"])
    leads = leads.drop_duplicates("email_norm")
    contacts = current(raw["salesforce.contact"]).copy()
    contacts["email_norm"] = normalize_email(contacts["email"])
    contacts = contacts.dropna(subset=["email_norm"]).sort_values(["email_norm", "created_date"])
    contacts = contacts.drop_duplicates("email_norm")
    accounts = current(raw["salesforce.account"])[["id", "name"]].rename(
        columns={"id": "account_id", "name": "account_name"}
    )

    lead_part = leads.rename(
        columns={
            "id": "person_id",
            "owner_id": "person_owner_id",
            "converted_contact_id": "reach_contact_id",
            "converted_account_id": "person_account_id",
            "first_name": "person_first_name",
            "company": "person_company",
        }
    )[
        [
            "email_norm",
            "person_id",
            "person_owner_id",
            "reach_contact_id",
            "person_account_id",
            "converted_opportunity_id",
            "person_first_name",
            "person_company",
        ]
    ]
    contact_part = contacts.merge(accounts, on="account_id", how="left").rename(
        columns={
            "id": "person_id",
            "owner_id": "person_owner_id",
            "account_id": "person_account_id",
            "first_name": "person_first_name",
            "account_name": "person_company",
        }
    )[
        [
            "email_norm",
            "person_id",
            "person_owner_id",
            "person_account_id",
            "person_first_name",
            "person_company",
        ]
    ]
    contact_part = contact_part[~contact_part["email_norm"].isin(lead_part["email_norm"])]
    people = pd.concat([lead_part, contact_part], ignore_index=True)
    requests = requests.merge(people, on="email_norm", how="left")
    requests = requests.sort_values(["person_id", "submitted_at", "submission_id"])
    following = requests.groupby("person_id")["submitted_at"].shift(-1)
    window_end = requests["submitted_at"] + pd.Timedelta(days=30)
    requests["window_end"] = window_end.where(
        following.isna() | (following > window_end), following
    )
    return requests.reset_index(drop=True)


def follow_ups(raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    tasks = current(raw["salesforce.task"])
    users = (
        raw["salesforce.user"].sort_values("_fivetran_synced").drop_duplicates("id", keep="last")
    )
    standard = set(users.loc[users["user_type"] == "Standard", "id"])
    messages = current(raw["salesforce.email_message"])
    incoming_tasks = set(messages.loc[messages["incoming"].astype(bool), "activity_id"])
    tasks = tasks[
        (tasks["status"] == "Completed")
        & tasks["owner_id"].isin(standard)
        & tasks["who_id"].notna()
    ].copy()
    is_call = (tasks["task_subtype"] == "Call") & (
        tasks["call_type"].isna() | (tasks["call_type"] == "Outbound")
    )
    is_email = (tasks["task_subtype"] == "Email") & ~tasks["id"].isin(incoming_tasks)
    is_meeting = tasks["type"] == "Meeting"
    tasks = tasks[is_call | is_email | is_meeting].copy()
    tasks["channel"] = "meeting"
    tasks.loc[is_email, "channel"] = "email"
    tasks.loc[is_call, "channel"] = "call"
    tasks["follow_up_at"] = tasks["completed_date_time"].fillna(tasks["created_date"])
    return tasks.dropna(subset=["follow_up_at"])


def request_outcomes(raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per lead request: promptness, follow-ups, converted (docs/kpis.md, simplified)."""
    requests = lead_requests(raw)
    tasks = follow_ups(raw)[["id", "who_id", "follow_up_at"]]
    reach = pd.concat(
        [
            requests[["submission_id", "person_id"]].rename(columns={"person_id": "who_id"}),
            requests[["submission_id", "reach_contact_id"]].rename(
                columns={"reach_contact_id": "who_id"}
            ),
        ]
    ).dropna()
    matched = reach.merge(tasks, on="who_id").merge(
        requests[["submission_id", "submitted_at", "window_end"]], on="submission_id"
    )
    matched = matched[
        (matched["follow_up_at"] >= matched["submitted_at"])
        & (matched["follow_up_at"] < matched["window_end"])
    ]
    stats = matched.groupby("submission_id").agg(
        first_follow_up_at=("follow_up_at", "min"), follow_ups=("id", "nunique")
    )
    requests = requests.merge(stats, on="submission_id", how="left")
    requests["follow_ups"] = requests["follow_ups"].fillna(0)
    requests["promptness_minutes"] = (
        requests["first_follow_up_at"] - requests["submitted_at"]
    ).dt.total_seconds() / 60
    minutes = requests["promptness_minutes"]
    requests["bucket"] = "no response"
    requests.loc[minutes > 1440, "bucket"] = ">24 h"
    requests.loc[minutes <= 1440, "bucket"] = "1-24 h"
    requests.loc[minutes <= 60, "bucket"] = "5-60 min"
    requests.loc[minutes <= 5, "bucket"] = "0-5 min"

    opportunities = current(raw["salesforce.opportunity"])[["id", "account_id", "created_date"]]
    candidates = requests[
        ["submission_id", "submitted_at", "person_account_id", "converted_opportunity_id"]
    ]
    by_account = candidates.merge(opportunities, left_on="person_account_id", right_on="account_id")
    by_lead = candidates.merge(opportunities, left_on="converted_opportunity_id", right_on="id")
    both = pd.concat([by_account, by_lead])
    delta = both["created_date"] - both["submitted_at"]
    converted = set(
        both.loc[(delta >= pd.Timedelta(0)) & (delta <= pd.Timedelta(days=90)), "submission_id"]
    )
    requests["converted"] = requests["submission_id"].isin(converted)
    return requests


def email_personalization(raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Outgoing email follow-ups with their personalization elements (0-5) and replies."""
    tasks = follow_ups(raw)
    tasks = tasks[tasks["channel"] == "email"]
    messages = current(raw["salesforce.email_message"])
    users = (
        raw["salesforce.user"].sort_values("_fivetran_synced").drop_duplicates("id", keep="last")
    )
    leads = current(raw["salesforce.lead"])[["id", "first_name", "company"]]
    contacts = current(raw["salesforce.contact"]).merge(
        current(raw["salesforce.account"])[["id", "name"]].rename(
            columns={"id": "account_id", "name": "company"}
        ),
        on="account_id",
        how="left",
    )[["id", "first_name", "company"]]
    people = pd.concat([leads, contacts]).rename(columns={"id": "who_id"})
    assets = set(raw["marketing.form_submission"]["asset_name"].dropna())
    frame = (
        messages[~messages["incoming"].astype(bool)]
        .merge(tasks[["id", "who_id", "owner_id"]], left_on="activity_id", right_on="id")
        .merge(people, on="who_id", how="left")
        .merge(
            users[["id", "name", "email"]].rename(
                columns={"id": "owner_id", "name": "owner_name", "email": "owner_email"}
            ),
            on="owner_id",
        )
    )
    replied = set(messages["reply_to_email_message_id"].dropna())
    elements = []
    for row in frame.itertuples():
        body = str(row.text_body).lower()
        subject = str(row.subject).lower()
        first_line = body.split("\n", 1)[0]
        count = 0
        count += bool(isinstance(row.first_name, str) and row.first_name.lower() in first_line)
        count += str(row.from_address).strip().lower().split("@")[0] not in GENERIC_MAILBOXES
        has_contact = bool(PHONE.search(body)) or str(row.owner_email).lower() in body
        count += str(row.owner_name).lower() in body and has_contact
        texts = subject + "\n" + body
        relevant = isinstance(row.company, str) and row.company.lower() in texts
        relevant = relevant or any(asset.lower() in texts for asset in assets)
        count += relevant
        count += "?" in body or any(phrase in body for phrase in PUSH_PHRASES)
        elements.append(count)
    frame["elements"] = elements
    frame["replied"] = frame["id_x"].isin(replied)
    return frame


def count_anomalies(raw: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Every planted anomaly counted in the data, keyed like anomalies.expected_counts()."""
    from salesfx.generator.anomalies import ANOMALIES
    from salesfx.generator.reference import UNKNOWN_COUNTRY_SPELLINGS

    counts: dict[str, int] = {}
    for key in (*ANOMALIES.soft_deleted, "salesforce.product_2"):
        counts[f"soft_deleted:{key}"] = int(raw[key]["is_deleted"].astype(bool).sum())
    for key in ANOMALIES.resynced_ids:
        ids = raw[key]["id"].value_counts()
        counts[f"resynced_ids:{key}"] = int((ids > 1).sum())
    for key in ANOMALIES.email_not_normalized:
        emails = raw[key]["email"].dropna()
        counts[f"email_not_normalized:{key}"] = int(
            (emails != emails.str.strip().str.lower()).sum()
        )
        counts[f"email_without_at:{key}"] = int((~emails.str.contains("@")).sum())
    forms = raw["marketing.form_submission"]
    leads = current(raw["salesforce.lead"])
    for domain in ANOMALIES.test_submissions:
        domains = normalize_email(forms["email"]).str.split("@").str[1]
        counts[f"test_submissions:{domain}"] = int((domains == domain).sum())
    for domain in ANOMALIES.test_leads:
        domains = normalize_email(leads["email"]).str.split("@").str[1]
        counts[f"test_leads:{domain}"] = int((domains == domain).sum())
    for form_type in ANOMALIES.unmapped_form_types:
        counts[f"unmapped_form_types:{form_type}"] = int((forms["form_type"] == form_type).sum())
    for key in ANOMALIES.unknown_countries:
        column = "billing_country" if key == "salesforce.account" else "country"
        counts[f"unknown_countries:{key}"] = int(
            raw[key][column].isin(UNKNOWN_COUNTRY_SPELLINGS).sum()
        )

    requests = lead_requests(raw)
    non_test = normalize_email(forms["email"]).str.split("@").str[1]
    counts["duplicate_submissions_within_24h"] = int((~non_test.isin(TEST_DOMAINS)).sum()) - len(
        requests
    )
    kept = requests.dropna(subset=["email_norm"]).sort_values(
        ["email_norm", "form_type", "submitted_at"]
    )
    gap = kept.groupby(["email_norm", "form_type"])["submitted_at"].diff()
    counts["repeat_submissions_after_24h"] = int(
        ((gap > pd.Timedelta(hours=24)) & (gap <= pd.Timedelta(hours=96))).sum()
    )

    opportunities = current(raw["salesforce.opportunity"])
    counts["closed_before_created_opportunities"] = int(
        (
            opportunities["is_closed"].astype(bool)
            & (opportunities["close_date"] < opportunities["created_date"].dt.normalize())
        ).sum()
    )
    lines = current(raw["salesforce.opportunity_line_item"])
    counts["line_items_zero_quantity"] = int((lines["quantity"] == 0).sum())
    counts["line_items_negative_quantity"] = int((lines["quantity"] < 0).sum())
    counts["line_items_null_quantity"] = int(lines["quantity"].isna().sum())
    subscriptions = raw["billing.subscription"]
    counts["subscriptions_ending_before_start"] = int(
        (subscriptions["ended_at"] < subscriptions["started_at"]).sum()
    )
    tasks = current(raw["salesforce.task"])
    counts["tasks_without_timestamp"] = int(
        (tasks["created_date"].isna() & tasks["completed_date_time"].isna()).sum()
    )
    counts["tasks_without_who_id"] = int(tasks["who_id"].isna().sum())
    counts["unrated_currency_accounts"] = int(
        opportunities.loc[opportunities["currency_iso_code"] == "CHF", "account_id"].nunique()
    )
    counts["inbound_calls"] = int((tasks["call_type"] == "Inbound").sum())
    counts["internal_calls"] = int((tasks["call_type"] == "Internal").sum())
    counts["list_emails"] = int((tasks["task_subtype"] == "ListEmail").sum())
    users = raw["salesforce.user"].drop_duplicates("id", keep="last")
    automated = set(users.loc[users["user_type"] == "AutomatedProcess", "id"])
    counts["automated_user_emails"] = int(
        ((tasks["task_subtype"] == "Email") & tasks["owner_id"].isin(automated)).sum()
    )
    counts["rate_gap_months"] = len(rate_gaps(raw))
    return counts


def rate_gaps(raw: dict[str, pd.DataFrame]) -> list[tuple[str, str]]:
    """(currency, 'YYYY-MM') months of the history that no dated_conversion_rate row covers."""
    rates = raw["salesforce.dated_conversion_rate"]
    months = pd.date_range("2024-01-01", "2025-12-01", freq="MS")
    gaps = []
    for currency, rows in rates.groupby("iso_code"):
        until = rows["next_start_date"].fillna(pd.Timestamp("2200-01-01"))
        for month in months:
            if not ((rows["start_date"] <= month) & (month < until)).any():
                gaps.append((str(currency), month.strftime("%Y-%m")))
    return gaps
