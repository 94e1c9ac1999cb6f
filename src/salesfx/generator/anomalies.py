"""The raw-data anomalies the demo carries (docs/raw-contract.md), each in a documented amount.

`ANOMALIES` holds every count at scale 1; `anomaly_count()` applies --scale (at least 1).
docs/demo-data.md lists the same numbers and tests_python/test_generator.py counts each one in
the generated data. The injection functions run after the clean data is generated.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import compress, filterfalse
from operator import itemgetter, methodcaller, not_

from salesfx.generator.config import COMPANY_DOMAIN, GeneratorConfig
from salesfx.generator.model import Row, World, between, pick, plus
from salesfx.generator.reference import UNKNOWN_COUNTRY_SPELLINGS


@dataclass(frozen=True)
class Anomalies:
    # soft-deleted rows (is_deleted = true), per table with is_deleted
    soft_deleted: dict[str, int] = field(
        default_factory=lambda: {
            "salesforce.account": 8,
            "salesforce.contact": 12,
            "salesforce.lead": 25,
            "salesforce.opportunity": 10,
            "salesforce.opportunity_history": 15,
            "salesforce.opportunity_line_item": 10,
            "salesforce.task": 60,
            "salesforce.email_message": 30,
        }
    )
    # product_2 carries one soft-deleted product (not scaled)
    soft_deleted_products: int = 1
    # ids loaded twice: an older copy with an earlier _fivetran_synced and stale values
    resynced_ids: dict[str, int] = field(
        default_factory=lambda: {
            "salesforce.user": 2,
            "salesforce.account": 6,
            "salesforce.contact": 6,
            "salesforce.lead": 12,
            "salesforce.opportunity": 10,
            "salesforce.task": 15,
        }
    )
    # emails with upper case and / or surrounding spaces
    email_not_normalized: dict[str, int] = field(
        default_factory=lambda: {
            "marketing.form_submission": 60,
            "salesforce.lead": 30,
            "salesforce.contact": 12,
        }
    )
    # emails without '@'
    email_without_at: dict[str, int] = field(
        default_factory=lambda: {
            "marketing.form_submission": 12,
            "salesforce.lead": 8,
            "salesforce.contact": 4,
        }
    )
    # test and internal records, by email domain
    test_submissions: dict[str, int] = field(
        default_factory=lambda: {"example.com": 15, "test.com": 10, COMPANY_DOMAIN: 8}
    )
    test_leads: dict[str, int] = field(
        default_factory=lambda: {"example.com": 6, "test.com": 4, COMPANY_DOMAIN: 4}
    )
    # same normalized email + form type again within 24 hours (a duplicate) ...
    duplicate_submissions_within_24h: int = 40
    # ... and again after 25 to 72 hours (a new request, not a duplicate)
    repeat_submissions_after_24h: int = 25
    # form types missing from the warmth mapping
    unmapped_form_types: dict[str, int] = field(
        default_factory=lambda: {"partner_referral": 20, "event_badge_scan": 30}
    )
    # country values that map to no country ('Atlantis', 'N/A', 'Earth')
    unknown_countries: dict[str, int] = field(
        default_factory=lambda: {
            "marketing.form_submission": 10,
            "salesforce.lead": 8,
            "salesforce.account": 4,
        }
    )
    closed_before_created_opportunities: int = 6
    line_items_zero_quantity: int = 5
    line_items_negative_quantity: int = 4
    line_items_null_quantity: int = 4
    subscriptions_ending_before_start: int = 5
    tasks_without_timestamp: int = 15
    tasks_without_who_id: int = 25
    # accounts whose opportunities and subscriptions are in CHF, a currency with no rate
    unrated_currency_accounts: int = 3
    # rate gap: no JPY rate for March 2025 (reference.RATE_GAP), not scaled
    rate_gap_months: int = 1
    # not follow-ups: inbound calls, mass emails, automated users' emails (and internal calls)
    inbound_calls: int = 320
    internal_calls: int = 120
    list_emails: int = 1500
    automated_user_emails: int = 450


ANOMALIES = Anomalies()


_DELETED = methodcaller("get", "is_deleted")
_STALE = methodcaller("get", "_stale")
_TEST = methodcaller("get", "_test")


def _not_test(row: Row) -> bool:
    """Eligible unless a test record (_Picker.take filters by it in C)."""
    return not row.get("_test")


def anomaly_count(config: GeneratorConfig, base: int) -> int:
    """The planted amount at this scale: round(base x scale), at least 1."""
    return config.scaled(base)


# --- injection ---------------------------------------------------------------------------


class _Picker:
    """Draws distinct rows for anomalies, never the same row for two anomalies."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.rng = world.rng("anomalies")
        self.used: dict[str, set[str]] = {}
        # per table: how many rows were seen, and those not deleted nor stale (in row order;
        # rows are only appended, and a row's is_deleted / _stale never changes)
        self._live: dict[str, tuple[int, list[Row]]] = {}

    def _live_rows(self, key: str) -> list[Row]:
        rows = self.world.rows(key)
        seen, live = self._live.get(key, (0, []))
        # = rows not row.get("is_deleted") and not row.get("_stale"), filtered in C
        live.extend(filterfalse(_STALE, filterfalse(_DELETED, rows[seen:])))
        self._live[key] = (len(rows), live)
        return live

    def take(self, key: str, count: int, eligible=None) -> list[Row]:
        """`count` live rows of `key` not taken before, drawn among those `eligible` (all if
        None) in row order."""
        id_column = "submission_id" if key == "marketing.form_submission" else "id"
        if key == "billing.subscription":
            id_column = "subscription_id"
        used = self.used.setdefault(key, set())
        # the live rows in order that are eligible, less those already used (filtered in C)
        live = self._live_rows(key)
        if eligible is None:
            candidates = list(live)
        elif eligible is _not_test:
            candidates = list(filterfalse(_TEST, live))
        else:
            candidates = list(filter(eligible, live))
        if used:
            ids = map(itemgetter(id_column), candidates)
            candidates = list(compress(candidates, map(not_, map(used.__contains__, ids))))
        if len(candidates) < count:
            raise ValueError(f"not enough rows in {key} for an anomaly ({len(candidates)})")
        chosen = self.rng.sample(candidates, count)
        for row in chosen:
            used.add(row[id_column])
        return chosen


def _obj_of(key: str) -> str:
    return key.split(".")[1]


def inject_row_anomalies(world: World) -> None:
    """Anomalies that add or change rows after the clean data exists (order matters)."""
    config = world.config
    end = config.end
    pick_rows = _Picker(world)
    rng = pick_rows.rng

    # 1. soft-deleted copies: a record created by mistake and deleted (a new id).
    for key, base in sorted(ANOMALIES.soft_deleted.items()):
        count = anomaly_count(config, base)
        eligible = _eligible_for_delete(key)
        for row in pick_rows.take(key, count, eligible):
            clone = copy.copy(row)
            clone["id"] = world.ids.new(_obj_of(key))
            clone["is_deleted"] = True
            clone["_fivetran_synced"] = min(
                end, plus(row["_fivetran_synced"], days=rng.uniform(1, 20))
            )
            clone["_anomaly"] = "soft_deleted"
            world.rows(key).append(clone)

    # 2. re-synced ids: an older copy of the row with stale values.
    for key, base in sorted(ANOMALIES.resynced_ids.items()):
        count = anomaly_count(config, base)
        for row in pick_rows.take(key, count, _not_test):
            stale = copy.copy(row)
            created = row.get("created_date") or config.start
            synced = row["_fivetran_synced"]
            stale["_fivetran_synced"] = between(rng, created, synced - timedelta(minutes=5))
            if stale["_fivetran_synced"] >= synced:
                stale["_fivetran_synced"] = synced - timedelta(minutes=5)
            _make_stale(key, stale)
            stale["_stale"] = True
            world.rows(key).append(stale)

    # 3. tasks with no timestamp, tasks with no who_id (extra logged calls).
    def is_plain_call(row: Row) -> bool:
        return (
            row["task_subtype"] == "Call"
            and row["call_type"] == "Outbound"
            and row["who_id"] is not None
            and row["status"] == "Completed"
        )

    tasks = world.rows("salesforce.task")
    for row in pick_rows.take(
        "salesforce.task", anomaly_count(config, ANOMALIES.tasks_without_timestamp), is_plain_call
    ):
        clone = copy.copy(row)
        clone["id"] = world.ids.new("task")
        clone["created_date"] = None
        clone["completed_date_time"] = None
        clone["_anomaly"] = "no_timestamp"
        tasks.append(clone)
    for row in pick_rows.take(
        "salesforce.task", anomaly_count(config, ANOMALIES.tasks_without_who_id), is_plain_call
    ):
        clone = copy.copy(row)
        clone["id"] = world.ids.new("task")
        clone["who_id"] = None
        clone["_anomaly"] = "no_who_id"
        tasks.append(clone)

    # Each opportunity's history rows (steps 4 and 5 change rows, they add none).
    histories: dict[str, list[Row]] = {}
    for history in world.rows("salesforce.opportunity_history"):
        histories.setdefault(history["opportunity_id"], []).append(history)

    # 4. opportunities closed before they were created (a back-dated close date).
    def closed_later(row: Row) -> bool:
        return bool(row["is_closed"]) and row["created_date"] >= plus(config.start, days=60)

    for row in pick_rows.take(
        "salesforce.opportunity",
        anomaly_count(config, ANOMALIES.closed_before_created_opportunities),
        closed_later,
    ):
        row["close_date"] = row["created_date"].date() - timedelta(days=rng.randint(2, 40))
        for history in histories.get(row["id"], ()):
            if history["stage_name"] == row["stage_name"]:
                history["close_date"] = row["close_date"]

    # 5. line items with quantity 0, negative or null (extra lines on won deals).
    opportunities = {row["id"]: row for row in world.rows("salesforce.opportunity")}
    line_items = world.rows("salesforce.opportunity_line_item")
    for kind, base in (
        ("zero", ANOMALIES.line_items_zero_quantity),
        ("negative", ANOMALIES.line_items_negative_quantity),
        ("null", ANOMALIES.line_items_null_quantity),
    ):
        won_lines = pick_rows.take(
            "salesforce.opportunity_line_item",
            anomaly_count(config, base),
            lambda r: bool(opportunities[r["opportunity_id"]]["is_won"]),
        )
        for line in won_lines:
            extra = copy.copy(line)
            extra["id"] = world.ids.new("opportunity_line_item")
            if kind == "zero":
                extra["quantity"] = 0
                extra["total_price"] = 0.0
            elif kind == "negative":
                extra["quantity"] = -rng.randint(1, 3)
                extra["total_price"] = round(extra["quantity"] * extra["unit_price"], 2)
            else:
                extra["quantity"] = None
                extra["total_price"] = extra["unit_price"]
            extra["_anomaly"] = f"quantity_{kind}"
            line_items.append(extra)
            opportunity = opportunities[line["opportunity_id"]]
            opportunity["amount"] = round(opportunity["amount"] + extra["total_price"], 2)
            for history in histories.get(opportunity["id"], ()):
                if history["stage_name"] == "Closed Won":
                    history["amount"] = opportunity["amount"]

    # 6. subscriptions that end before they start (a billing data-entry error).
    subscriptions = world.rows("billing.subscription")
    for row in pick_rows.take(
        "billing.subscription",
        anomaly_count(config, ANOMALIES.subscriptions_ending_before_start),
        lambda r: r["started_at"] >= plus(config.start, days=30),
    ):
        bad = copy.copy(row)
        bad["subscription_id"] = row["subscription_id"][:-4] + "x" + row["subscription_id"][-3:]
        bad["ended_at"] = plus(row["started_at"], days=-rng.uniform(2, 25))
        bad["canceled_at"] = None
        bad["status"] = "ended"
        bad["_anomaly"] = "ends_before_start"
        subscriptions.append(bad)

    # 7. value anomalies on primary rows: unknown countries, emails.
    for key, base in sorted(ANOMALIES.unknown_countries.items()):
        column = {"salesforce.account": "billing_country"}.get(key, "country")
        for row in pick_rows.take(key, anomaly_count(config, base), _not_test):
            row[column] = pick(rng, UNKNOWN_COUNTRY_SPELLINGS)
    for key, base in sorted(ANOMALIES.email_without_at.items()):
        for row in pick_rows.take(key, anomaly_count(config, base), _plain_email):
            local, _, domain = row["email"].partition("@")
            row["email"] = pick(rng, (f"{local}.{domain}", f"{local}(at){domain}", local))
    for key, base in sorted(ANOMALIES.email_not_normalized.items()):
        for row in pick_rows.take(key, anomaly_count(config, base), _plain_email):
            email = row["email"]
            style = rng.randrange(3)
            if style == 0:
                local, _, domain = email.partition("@")
                email = f"{local.title()}@{domain}"
            elif style == 1:
                email = email.upper()
            email = pick(rng, (f" {email}", f"{email} ", email if style != 2 else f" {email} "))
            if email == row["email"]:
                email = f"{email} "
            row["email"] = email


def _plain_email(row: Row) -> bool:
    return not row.get("_test") and not row.get("_protected") and "@" in (row.get("email") or "")


def _eligible_for_delete(key: str):
    if key == "salesforce.task":
        return lambda row: row["task_subtype"] in ("Call", "Task", "LinkedIn")
    if key == "salesforce.email_message":
        return lambda row: bool(row["incoming"])
    return _not_test


def _make_stale(key: str, row: Row) -> None:
    """Older values of a re-synced row (the latest copy keeps the real ones)."""
    if key == "salesforce.user":
        row["is_active"] = True
        row["time_zone_sid_key"] = "America/New_York"
    elif key == "salesforce.account":
        row["number_of_employees"] = max(1, int(row["number_of_employees"] or 10) // 2)
        row["type"] = "Prospect"
    elif key == "salesforce.contact":
        row["title"] = None
    elif key == "salesforce.lead":
        row["status"] = "Open - Not Contacted"
        row["is_converted"] = False
        row["converted_date"] = None
        row["converted_account_id"] = None
        row["converted_contact_id"] = None
        row["converted_opportunity_id"] = None
    elif key == "salesforce.opportunity":
        row["probability"] = 10.0
        row["stage_name"] = "Prospecting"
        row["is_closed"] = False
        row["is_won"] = False
    elif key == "salesforce.task":
        row["status"] = "Not Started"
        row["completed_date_time"] = None


def expected_counts(config: GeneratorConfig) -> dict[str, int]:
    """Every planted amount at this scale, flat (used by docs and tests)."""
    counts: dict[str, int] = {}
    a = ANOMALIES
    for key, base in a.soft_deleted.items():
        counts[f"soft_deleted:{key}"] = anomaly_count(config, base)
    counts["soft_deleted:salesforce.product_2"] = a.soft_deleted_products
    for key, base in a.resynced_ids.items():
        counts[f"resynced_ids:{key}"] = anomaly_count(config, base)
    for key, base in a.email_not_normalized.items():
        counts[f"email_not_normalized:{key}"] = anomaly_count(config, base)
    for key, base in a.email_without_at.items():
        counts[f"email_without_at:{key}"] = anomaly_count(config, base)
    for domain, base in a.test_submissions.items():
        counts[f"test_submissions:{domain}"] = anomaly_count(config, base)
    for domain, base in a.test_leads.items():
        counts[f"test_leads:{domain}"] = anomaly_count(config, base)
    for form_type, base in a.unmapped_form_types.items():
        counts[f"unmapped_form_types:{form_type}"] = anomaly_count(config, base)
    for key, base in a.unknown_countries.items():
        counts[f"unknown_countries:{key}"] = anomaly_count(config, base)
    for name in (
        "duplicate_submissions_within_24h",
        "repeat_submissions_after_24h",
        "closed_before_created_opportunities",
        "line_items_zero_quantity",
        "line_items_negative_quantity",
        "line_items_null_quantity",
        "subscriptions_ending_before_start",
        "tasks_without_timestamp",
        "tasks_without_who_id",
        "unrated_currency_accounts",
        "inbound_calls",
        "internal_calls",
        "list_emails",
        "automated_user_emails",
    ):
        counts[name] = anomaly_count(config, getattr(a, name))
    counts["rate_gap_months"] = a.rate_gap_months
    return counts


def first_of_month(day: date) -> date:
    return day.replace(day=1)
