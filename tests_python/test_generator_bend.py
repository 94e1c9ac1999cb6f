"""`--bend`: each class changes what it says and leaves alone what a build must keep: the as-of
date, every rep's team and region, the monthly lead requests and the monthly recognized revenue
in USD (docs/demo-data.md, "Bent exports"). Checked on the rows at scale 0.1."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from salesfx.commands.generate import write_tables
from salesfx.generator import GeneratorConfig, bend, generate
from salesfx.generator.bend.values import long_text
from salesfx.generator.model import Row
from salesfx.generator.schema import BOOLEAN, DATE, TIMESTAMP

CONFIG = GeneratorConfig(scale=0.1)
END = CONFIG.end
Tables = dict[str, list[Row]]


@pytest.fixture(scope="module")
def company() -> Tables:
    return generate(CONFIG)


def bent(company: Tables, *classes: str) -> Tables:
    tables = {key: [dict(row) for row in rows] for key, rows in company.items()}
    spend = {"finance.sales_marketing_spend": tables.pop("finance.sales_marketing_spend")}
    names = bend.parse(",".join(classes))
    bend.apply(tables, CONFIG, names, part="chunk0")
    bend.apply(spend, CONFIG, names, part="spend")
    return tables | spend


# --- what a build must keep -----------------------------------------------------------------


def current(rows: list[Row]) -> dict[str, Row]:
    latest: dict[str, Row] = {}
    for row in sorted(rows, key=lambda row: row["_fivetran_synced"] or datetime.min):
        if not row.get("is_deleted"):
            latest[row["id"]] = row
    return latest


def as_of(tables: Tables) -> date:
    """The last event date (int_data_range); subscription ends after the history do not count."""
    days = [row["submitted_at"].date() for row in tables["marketing.form_submission"]]
    days += [
        row["completed_date_time"].date()
        for row in tables["salesforce.task"]
        if row["completed_date_time"] is not None
    ]
    for row in current(tables["salesforce.opportunity"]).values():
        days.append(row["created_date"].date())
        if row["is_closed"]:
            days.append(row["close_date"])
    for row in tables["billing.subscription"]:
        days.append(row["started_at"].date())
        if row["ended_at"] is not None and row["ended_at"] <= END:
            days.append(row["ended_at"].date())
    return max(days)


def monthly_requests(tables: Tables) -> Counter[str]:
    return Counter(
        row["submitted_at"].strftime("%Y-%m") for row in tables["marketing.form_submission"]
    )


def rep_placement(tables: Tables) -> dict[str, tuple[str, str]]:
    """Every Standard user with a role two levels under 'Sales': (team, region)."""
    roles = {row["id"]: row for row in tables["salesforce.user_role"]}
    placement = {}
    for user in current(tables["salesforce.user"]).values():
        role = roles.get(user["user_role_id"] or "")
        if user["user_type"] != "Standard" or role is None:
            continue
        region = roles.get(role["parent_role_id"] or "")
        root = roles.get(region["parent_role_id"] or "") if region else None
        if region and root and root["name"] == "Sales":
            placement[user["id"]] = (role["name"], region["name"])
    return placement


def rate_lookup(tables: Tables) -> Callable[[str, date], float | None]:
    rates = {
        (row["iso_code"], row["start_date"]): row["conversion_rate"]
        for row in tables["salesforce.dated_conversion_rate"]
    }
    has_usd = any(code == "USD" for code, _ in rates)

    def usd(currency: str, month: date) -> float | None:
        if currency == "USD" and not has_usd:
            return 1.0
        rate = rates.get((currency, month))
        dollar = rates.get(("USD", month)) if has_usd else 1.0
        return None if rate is None or dollar is None else dollar / rate

    return usd


def monthly_revenue(tables: Tables) -> dict[str, float]:
    """Recognized revenue in USD per month: mrr x active days / days in the month."""
    to_usd = rate_lookup(tables)
    revenue: dict[str, float] = defaultdict(float)
    months = pd.date_range("2024-01-01", "2025-12-01", freq="MS").date
    for row in tables["billing.subscription"]:
        start = row["started_at"].date()
        end = row["ended_at"].date() if row["ended_at"] is not None else None
        if end is not None and end < start:
            continue
        for month in months:
            following = (pd.Timestamp(month) + pd.offsets.MonthBegin()).date()
            until = min(following, END.date() + timedelta(days=1), end or following)
            days = (until - max(start, month)).days
            factor = to_usd(row["currency"], month)
            if days > 0 and factor is not None:
                revenue[month.isoformat()] += row["mrr"] * factor * days / (following - month).days
    return dict(revenue)


def assert_invariants(before: Tables, after: Tables) -> None:
    assert as_of(after) == as_of(before)
    assert monthly_requests(after) == monthly_requests(before)
    placement = rep_placement(after)
    for user_id, team_region in rep_placement(before).items():
        assert placement[user_id] == team_region, user_id
    revenue = monthly_revenue(after)
    for month, amount in monthly_revenue(before).items():
        assert revenue[month] == pytest.approx(amount, abs=0.01), month


def changed(before: Tables, after: Tables) -> set[str]:
    return {key for key in before if before[key] != after[key]}


# --- every class ----------------------------------------------------------------------------


def test_parse_orders_and_validates() -> None:
    assert bend.parse("loader_text,queue_owners") == ("queue_owners", "loader_text")
    assert bend.parse("all") == tuple(bend.CLASSES)
    assert bend.parse("") == ()
    with pytest.raises(ValueError, match="nope"):
        bend.parse("queue_owners,nope")


def test_all_but_loader_text_keeps_the_invariants(company: Tables) -> None:
    classes = [name for name in bend.CLASSES if name != "loader_text"]
    assert_invariants(company, bent(company, *classes))


def test_queue_owners(company: Tables) -> None:
    after = bent(company, "queue_owners")
    assert changed(company, after) == {"salesforce.lead"}
    users = {row["id"]: row for row in after["salesforce.user"]}
    owners = [row["owner_id"] for row in current(after["salesforce.lead"]).values()]
    queues = [owner for owner in owners if owner.startswith("00G")]
    assert queues and all(len(owner) == 18 and owner not in users for owner in queues)
    deleted = [owner for owner in owners if owner.startswith("005") and owner not in users]
    assert deleted
    automated = [owner for owner in owners if owner in users]
    assert any(users[owner]["user_type"] == "AutomatedProcess" for owner in automated)
    assert_invariants(company, after)


def test_deep_roles(company: Tables) -> None:
    after = bent(company, "deep_roles")
    assert changed(company, after) == {"salesforce.user_role", "salesforce.user"}
    roles = {row["name"]: row for row in after["salesforce.user_role"]}
    assert roles["Sales"]["parent_role_id"] == roles["CEO"]["id"]
    assert roles["CEO"]["parent_role_id"] is None
    users = after["salesforce.user"]
    above_regions = [
        u for u in users if u["user_role_id"] in (roles["CEO"]["id"], roles["Sales"]["id"])
    ]
    assert len(above_regions) == 2
    no_role = [u for u in users if u["user_role_id"] is None and u["user_type"] == "Standard"]
    assert len(no_role) == 1
    owned = {
        row["owner_id"]
        for key in ("salesforce.lead", "salesforce.account", "salesforce.contact")
        for row in after[key]
    }
    owned |= {row["owner_id"] for row in after["salesforce.opportunity"]}
    owned |= {row["owner_id"] for row in after["salesforce.task"]}
    assert not owned & {u["id"] for u in [*above_regions, *no_role]}
    assert_invariants(company, after)


def test_planned_dates(company: Tables) -> None:
    after = bent(company, "planned_dates")
    assert changed(company, after) == {
        "salesforce.opportunity",
        "salesforce.opportunity_history",
        "billing.subscription",
    }
    placeholders = {date(2030, 12, 31), date(2099, 12, 31)}
    for old, new in zip(
        company["salesforce.opportunity"], after["salesforce.opportunity"], strict=True
    ):
        if old != new:
            assert not old["is_closed"] and new["close_date"] in placeholders
    scheduled = 0
    for old, new in zip(
        company["billing.subscription"], after["billing.subscription"], strict=True
    ):
        assert {k: v for k, v in old.items() if k != "ended_at"} == {
            k: v for k, v in new.items() if k != "ended_at"
        }
        if old["ended_at"] != new["ended_at"]:
            assert old["ended_at"] is None and new["ended_at"] > END
            assert new["status"] == "active" and new["canceled_at"] is None
            scheduled += 1
    assert scheduled > 0
    assert_invariants(company, after)


def test_null_booleans(company: Tables) -> None:
    after = bent(company, "null_booleans")
    nulls = Counter()
    for key, rows in company.items():
        for old, new in zip(rows, after[key], strict=True):
            for column, value in old.items():
                if new[column] != value:
                    assert value is False and new[column] is None, (key, column)
                    nulls[column] += 1
    assert nulls["is_deleted"] and nulls["is_bounced"] and nulls["incoming"]


def test_non_usd_corporate(company: Tables) -> None:
    rates = company["salesforce.dated_conversion_rate"]
    assert not [row for row in rates if row["iso_code"] == "USD"]  # the demo: USD passes through
    after = bent(company, "non_usd_corporate")
    assert changed(company, after) == {"salesforce.dated_conversion_rate"}
    new = {
        (r["iso_code"], r["start_date"]): r["conversion_rate"]
        for r in after["salesforce.dated_conversion_rate"]
    }
    for row in rates:
        usd = 1000 / row["conversion_rate"]
        converted = (
            1000 / new[(row["iso_code"], row["start_date"])] * new[("USD", row["start_date"])]
        )
        assert converted == pytest.approx(usd, rel=1e-12)
    assert {value for (code, _), value in new.items() if code == "EUR"} == {1.0}
    assert ("JPY", date(2025, 3, 1)) not in new
    assert_invariants(company, after)


def test_text_shapes(company: Tables) -> None:
    after = bent(company, "text_shapes")
    assert changed(company, after) == {
        "salesforce.lead",
        "salesforce.contact",
        "salesforce.account",
        "salesforce.email_message",
    }
    names = [
        value
        for key in ("salesforce.lead", "salesforce.contact", "salesforce.account")
        for row in after[key]
        for column, value in row.items()
        if column in ("first_name", "last_name", "company", "name") and value
    ]
    assert any(not value.isascii() for value in names)
    assert any(len(value) > 1000 for value in names)
    assert any(0x1F300 <= ord(char) for value in names for char in value)  # emoji
    bodies = [row["text_body"] for row in after["salesforce.email_message"]]
    assert any(body and body.startswith("<p>Hi ") for body in bodies)
    assert len(long_text("x")) > 1000
    assert_invariants(company, after)


def test_converted_to_existing_contacts(company: Tables) -> None:
    after = bent(company, "converted_to_existing_contacts")
    assert changed(company, after) <= {"salesforce.contact", "salesforce.account"}
    contacts = current(after["salesforce.contact"])
    earlier = [
        lead
        for lead in current(after["salesforce.lead"]).values()
        if lead["is_converted"]
        and contacts[lead["converted_contact_id"]]["created_date"].date() < lead["converted_date"]
    ]
    assert earlier
    for lead in earlier:
        contact = contacts[lead["converted_contact_id"]]
        assert contact["account_id"] == lead["converted_account_id"]
    assert_invariants(company, after)


def test_renamed_stages(company: Tables) -> None:
    after = bent(company, "renamed_stages")
    labels = {row["master_label"] for row in after["salesforce.opportunity_stage"]}
    history = {row["stage_name"] for row in after["salesforce.opportunity_history"]}
    assert history - labels
    opportunities = {row["stage_name"] for row in after["salesforce.opportunity"]}
    assert opportunities - labels
    for old, new in zip(
        company["salesforce.opportunity"], after["salesforce.opportunity"], strict=True
    ):
        assert {k: v for k, v in old.items() if k != "stage_name"} == {
            k: v for k, v in new.items() if k != "stage_name"
        }
    products = after["salesforce.product_2"]
    codes = Counter(row["product_code"] for row in products if not row["is_deleted"])
    shared = [code for code, count in codes.items() if count > 1]
    assert shared
    for code in shared:
        assert sorted(row["is_active"] for row in products if row["product_code"] == code) == [
            False,
            True,
        ]
    assert any(not (row["product_code"] or "").strip() for row in products)
    assert_invariants(company, after)


def test_credit_notes(company: Tables) -> None:
    after = bent(company, "credit_notes")
    assert changed(company, after) == {"finance.sales_marketing_spend", "billing.subscription"}

    def totals(tables: Tables) -> dict[tuple, float]:
        sums: dict[tuple, float] = defaultdict(float)
        for row in tables["finance.sales_marketing_spend"]:
            key = (row["spend_month"], row["sales_region"], row["sales_team"], row["currency"])
            sums[key] += row["amount"]
        return {key: round(value, 2) for key, value in sums.items()}

    assert totals(after) == totals(company)
    assert any(row["amount"] < 0 for row in after["finance.sales_marketing_spend"])
    assert any(row["mrr"] < 0 for row in after["billing.subscription"])
    assert_invariants(company, after)


def test_extra_columns(company: Tables, tmp_path: Path) -> None:
    after = bent(company, "extra_columns")
    assert all("system_modstamp" in row for row in after["salesforce.task"])
    write_tables(tmp_path, CONFIG, "csv", bend.parse("extra_columns"))
    header = (tmp_path / "salesforce" / "lead.csv").read_text().split("\n", 1)[0].split(",")
    assert {"system_modstamp", "custom_field_c", "_fivetran_deleted"} <= set(header)
    assert_invariants(company, after)


def test_loader_text(company: Tables) -> None:
    after = bent(company, "loader_text")
    schema = {table.key: table for table in bend.output_tables(("loader_text",))}
    styles: Counter[str] = Counter()
    for key, rows in company.items():
        columns = schema[key].columns
        for old, new in zip(rows, after[key], strict=True):
            for column in columns:
                text, value = new[column.name], old[column.name]
                assert text is None if value is None else isinstance(text, str)
                if value is None:
                    continue
                if column.type == TIMESTAMP:
                    parsed = datetime.fromisoformat(text.replace(".000+0000", "+00:00"))
                    if parsed.tzinfo is not None:
                        parsed = (parsed - parsed.utcoffset()).replace(tzinfo=None)
                        styles["offset" if text[-6] in "+-" else "zone"] += 1
                    assert parsed == value, (key, column.name, text)
                elif column.type == DATE:
                    assert datetime.fromisoformat(text).date() == value
                    styles["date as timestamp"] += " " in text
                elif column.type == BOOLEAN:
                    assert (text in ("true", "1", "t", "yes")) == value
                    styles[text] += 1
    assert styles["offset"] and styles["zone"] and styles["date as timestamp"]
    assert all(styles[text] for text in ("1", "t", "yes", "0", "f", "no"))


def test_bent_output_files(tmp_path: Path) -> None:
    """--bend all writes text CSVs and all-string Parquet, the same bytes every run."""
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        write_tables(out, CONFIG, "both", bend.parse("all"))
    for path in sorted(first.rglob("*.*")):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path
    parquet = pq.read_table(first / "salesforce" / "task")
    assert {str(kind) for kind in parquet.schema.types} == {"string"}
    text_type = "\"{{ var('data_types')[target.type].string }}\""
    assert f"        is_deleted: {text_type}\n" in (first / "_raw__seeds.yml").read_text()
    users = pd.read_csv(first / "salesforce" / "user.csv", dtype=str)
    assert "CEO" in set(pd.read_csv(first / "salesforce" / "user_role.csv")["name"])
    assert len(users) > len(generate(CONFIG)["salesforce.user"])
