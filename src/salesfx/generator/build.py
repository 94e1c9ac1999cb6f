"""The generation steps in order: organization, leads, follow-ups, deals, billing, the rest."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import compress, count, islice
from operator import eq, itemgetter

from salesfx.generator import activities, billing, catalog, finance, org, people, pipeline
from salesfx.generator.anomalies import ANOMALIES, anomaly_count, inject_row_anomalies
from salesfx.generator.config import GeneratorConfig
from salesfx.generator.ids import SalesforceIds
from salesfx.generator.model import Account, Person, Request, Row, World, between, plus, weighted
from salesfx.generator.reference import (
    COUNTRIES_BY_CODE,
    UNRATED_CURRENCY,
    UNRATED_CURRENCY_PER_USD,
)
from salesfx.generator.schema import TABLES, TABLES_BY_KEY, Table

SPEND = "finance.sales_marketing_spend"
# Tables every chunk builds the same way; only chunk 0 writes them.
REFERENCE_TABLES = (
    "salesforce.user_role",
    "salesforce.user",
    "salesforce.product_2",
    "salesforce.opportunity_stage",
    "salesforce.dated_conversion_rate",
)

OUTBOUND_CONVERSION = 0.22
CUSTOMER_FORM_TYPES = (
    ("webinar_registration", 30),
    ("ebook_download", 20),
    ("whitepaper_download", 15),
    ("contact_sales", 12),
    ("pricing_request", 8),
    ("demo_request", 10),
    ("newsletter_signup", 5),
)


@dataclass
class Chunk:
    """One chunk of the company: its rows (sorted; besides the contract's columns they may hold
    private '_' keys) and what the company-wide spend needs from it."""

    config: GeneratorConfig
    tables: dict[str, list[Row]]
    reps: list[finance.RepSpan]
    bookings: list[finance.Booking]


def generate(config: GeneratorConfig) -> dict[str, list[Row]]:
    """All 16 raw tables of the whole company in memory, keyed 'source.table', only the
    contract's columns (small scales; `salesfx generate` streams chunk by chunk instead)."""
    result: dict[str, list[Row]] = {table.key: [] for table in TABLES}
    reps: list[finance.RepSpan] = []
    bookings: list[finance.Booking] = []
    for chunk_config in config.chunked():
        chunk = generate_chunk(chunk_config)
        for table in TABLES:
            names = table.column_names
            rows = chunk.tables.get(table.key, [])
            result[table.key].extend({name: row.get(name) for name in names} for row in rows)
        reps.extend(chunk.reps)
        bookings.extend(chunk.bookings)
    result[SPEND] = company_spend(config, reps, bookings)
    return result


def generate_chunk(config: GeneratorConfig) -> Chunk:
    """Every table but the spend for one chunk (chunk 0 also holds the reference tables)."""
    world = World(config)
    for table in TABLES:
        world.rows(table.key)
    names = org.build_reference_org(world)
    catalog.build_catalog(world)
    catalog.build_rates(world)
    if config.chunk:
        for key in REFERENCE_TABLES:
            world.rows(key).clear()
        world.ids = SalesforceIds(block=config.chunk)
    org.build_reps(world, names)
    people.build_leads(world)

    log = activities.ActivityLog(world)
    _lead_phase(world, log)
    pipeline.add_prospect_accounts(world)
    billing.apply_won_opportunities(world, list(world.opportunities))
    processed = len(world.opportunities)
    _customer_phase(world, log)
    billing.apply_won_opportunities(world, world.opportunities[processed:])

    activities.opportunity_activities(world, log)
    activities.background_tasks(world, log)
    activities.lead_statuses(world)
    _account_types(world)
    _unrated_currency_accounts(world)
    bookings = finance.won_bookings(world)
    _sync_timestamps(world)
    inject_row_anomalies(world)
    return Chunk(config, _finish(world), finance.rep_spans(world), bookings)


def company_spend(
    config: GeneratorConfig, reps: list[finance.RepSpan], bookings: list[finance.Booking]
) -> list[Row]:
    """The finance table of the whole company, from every chunk's reps and bookings."""
    world = World(replace(config, chunk=0, chunks=1))
    catalog.build_rates(world)
    return _sort_rows(TABLES_BY_KEY[SPEND], finance.build_spend(world, reps, bookings))


def _lead_phase(world: World, log: activities.ActivityLog) -> None:
    rng = world.rng("lead-phase")
    end = world.config.end
    leads = [person for person in world.people if person.kind == "lead"]
    outbound = {source for source, _ in people.OUTBOUND_LEAD_SOURCES}
    for person in leads:
        if person.lead_source in outbound:
            activities.outbound_prospecting(world, log, rng, person)
            if rng.random() < OUTBOUND_CONVERSION:
                moment = plus(person.created_at, days=rng.uniform(7, 90))
                first_request = person.requests[0].submitted_at if person.requests else None
                if moment <= plus(end, days=-1) and (
                    first_request is None or moment < first_request
                ):
                    pipeline.convert_lead(world, rng, person, moment)

    def convert(person: Person, request: Request, moment: datetime) -> None:
        if person.converted_at is None:
            pipeline.convert_lead(world, rng, person, moment)
            return
        account = person.company.account
        if account is None or person.owner is None:
            return
        previous = account.opportunities
        if all(o.is_closed and not o.is_won and _close_moment(o) < moment for o in previous):
            pipeline.create_opportunity(
                world,
                rng,
                account,
                _active_owner(world, rng, account, moment),
                moment,
                "new",
                pipeline.new_business_lines(rng, account.company),
                person.lead_source,
            )

    for person in leads:
        if person.requests:
            activities.follow_up_requests(world, log, rng, person, convert)


def _close_moment(opportunity) -> datetime:
    return datetime.combine(opportunity.close_date, datetime.min.time())


def _active_owner(world: World, rng: random.Random, account: Account, moment: datetime):
    if account.owner.active_at(moment):
        return account.owner
    return people.assign_owner(world, rng, account.company.team, moment)


def _customer_phase(world: World, log: activities.ActivityLog) -> None:
    """Customers' people fill forms; reps sell them more (upgrades, add-ons, cross-sells)."""
    config = world.config
    end = config.end
    rng = world.rng("customer-phase")
    customers = [account for account in world.accounts if account.first_won_at is not None]
    customers.sort(key=lambda account: account.id)

    submitters: list[Person] = []
    for account in customers:
        for _ in range(activities.poisson(rng, config.extra_contacts_per_customer)):
            created = plus(account.first_won_at, days=rng.uniform(0, 150))
            if created > end:
                continue
            owner = _active_owner(world, rng, account, created)
            contact = pipeline.add_contact(world, rng, account, created, owner, "Customer Referral")
            if rng.random() < config.contact_submitter_share:
                moment = people.business_moment(
                    rng, plus(created, days=rng.uniform(5, 300)), account.company.region
                )
                for _ in range(1 + (rng.random() < 0.3)):
                    if moment > end:
                        break
                    people.add_submission(
                        world, rng, contact, weighted(rng, CUSTOMER_FORM_TYPES), moment
                    )
                    moment = plus(moment, days=rng.uniform(people.MIN_GAP_DAYS + 1, 120))
                submitters.append(contact)

    def convert(person: Person, request: Request, moment: datetime) -> None:
        account = person.account
        if account is None:
            return
        kind = "cross_sell" if rng.random() < 0.5 else "add_on"
        lines = pipeline.expansion_lines(rng, account, moment, kind)
        if lines is None:
            kind = "add_on" if kind == "cross_sell" else "cross_sell"
            lines = pipeline.expansion_lines(rng, account, moment, kind)
        if lines is None:
            kind, lines = "new", pipeline.new_business_lines(rng, account.company)
        pipeline.create_opportunity(
            world,
            rng,
            account,
            _active_owner(world, rng, account, moment),
            moment,
            kind,
            lines,
            "Customer Referral",
        )

    for contact in submitters:
        if contact.requests:
            activities.follow_up_requests(world, log, rng, contact, convert)

    for kind, base in (
        ("upgrade", config.upgrade_opportunities),
        ("add_on", config.add_on_opportunities),
        ("cross_sell", config.cross_sell_opportunities),
    ):
        planted, attempts = 0, 0
        while planted < config.scaled(base) and attempts < 50 * config.scaled(base):
            attempts += 1
            account = customers[rng.randrange(len(customers))]
            earliest = plus(account.first_won_at, days=45)
            latest = plus(end, days=-5)
            if earliest >= latest:
                continue
            moment = between(rng, earliest, latest)
            lines = pipeline.expansion_lines(rng, account, moment, kind)
            if lines is None:
                continue
            pipeline.create_opportunity(
                world,
                rng,
                account,
                _active_owner(world, rng, account, moment),
                moment,
                kind,
                lines,
                "Customer Success",
            )
            planted += 1

    # Renewals of annual subscriptions: won when the customer stays, lost when it leaves.
    for account in customers:
        for sub in list(account.subscriptions):
            if sub.row["plan_interval"] != "annual" or rng.random() >= config.renewal_share:
                continue
            anniversary = plus(sub.started_at, days=365)
            if anniversary > end:
                continue
            created = plus(anniversary, days=-rng.uniform(45, 75))
            if sub.ended_at is not None and sub.ended_at <= created:
                continue
            if sub.ended_at is not None and sub.ended_at <= plus(anniversary, days=30):
                forced = (False, min(end, plus(sub.row["canceled_at"] or sub.ended_at, hours=2)))
            else:
                forced = (True, plus(anniversary, days=-rng.uniform(0, 20)))
            product = pipeline.PRODUCTS_BY_CODE[sub.product_code]
            if forced[1] <= created:
                continue
            pipeline.create_opportunity(
                world,
                rng,
                account,
                _active_owner(world, rng, account, created),
                created,
                "renewal",
                [(product, sub.quantity)],
                "Customer Success",
                forced=forced,
            )


def _account_types(world: World) -> None:
    end = world.config.end
    rows = {row["id"]: row for row in world.rows("salesforce.account")}
    for account in world.accounts:
        if not account.subscriptions:
            continue
        active = any(sub.ended_at is None or sub.ended_at > end for sub in account.subscriptions)
        rows[account.id]["type"] = "Customer" if active else "Former Customer"


def _unrated_currency_accounts(world: World) -> None:
    """A few Swiss customers are billed in CHF, a currency with no conversion rate."""
    rng = world.rng("chf")
    candidates = [
        account
        for account in world.accounts
        if account.currency == "EUR" and account.subscriptions and account.first_won_at
    ]
    candidates.sort(key=lambda account: account.id)
    count = anomaly_count(world.config, ANOMALIES.unrated_currency_accounts)
    chosen = rng.sample(candidates, count)
    account_rows = {row["id"]: row for row in world.rows("salesforce.account")}
    history: dict[str, list[Row]] = {}
    for row in world.rows("salesforce.opportunity_history"):
        history.setdefault(row["opportunity_id"], []).append(row)
    for account in chosen:
        account.currency = UNRATED_CURRENCY
        account.billing_country = weighted(rng, COUNTRIES_BY_CODE["CH"].spellings)
        account_rows[account.id]["billing_country"] = account.billing_country
        for opportunity in account.opportunities:
            factor = UNRATED_CURRENCY_PER_USD / world.rate("EUR", opportunity.created_at.date())
            for line in opportunity.lines:
                line["unit_price"] = round(line["unit_price"] * factor, 2)
                line["total_price"] = round(line["quantity"] * line["unit_price"], 2)
            amount = round(sum(line["total_price"] for line in opportunity.lines), 2)
            opportunity.row["amount"] = amount
            opportunity.row["currency_iso_code"] = UNRATED_CURRENCY
            opportunity.currency = UNRATED_CURRENCY
            rows = history[opportunity.id]
            for row in rows:
                row["amount"] = round(row["amount"] * factor, 2)
            rows[-1]["amount"] = amount
        for sub in account.subscriptions:
            sub.row["currency"] = UNRATED_CURRENCY
            sub.row["mrr"] = round(sub.row["mrr"] * UNRATED_CURRENCY_PER_USD / 0.92, 2)


def _sync_timestamps(world: World) -> None:
    """The loader's _fivetran_synced: a little after the row's last change, never after the end."""
    rng = world.rng("synced")
    end = world.config.end

    def synced(moment: datetime | date | None) -> datetime:
        if moment is None:
            return end
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, datetime.min.time())
        return min(end, plus(moment, minutes=10 + 590 * rng.random()))  # = uniform(10, 600)

    last_opportunity_change = {
        o.id: max(o.row["_last_change"], *(line["created_date"] for line in o.lines))
        for o in world.opportunities
    }
    latest_by_account: dict[str, datetime] = {}
    for sub in world.rows("billing.subscription"):
        moments = [m for m in (sub["started_at"], sub["ended_at"]) if m is not None]
        latest_by_account[sub["crm_account_id"]] = max(
            moments + [latest_by_account.get(sub["crm_account_id"], sub["started_at"])]
        )
    for key in (
        "salesforce.account",
        "salesforce.contact",
        "salesforce.lead",
        "salesforce.opportunity",
        "salesforce.opportunity_history",
        "salesforce.opportunity_line_item",
    ):
        for row in world.rows(key):
            if row["_fivetran_synced"] is not None:
                continue
            moment = row["created_date"]
            if key == "salesforce.opportunity":
                moment = last_opportunity_change[row["id"]]
            elif key == "salesforce.account":
                moment = max(moment, latest_by_account.get(row["id"], moment))
            elif key == "salesforce.lead" and row["converted_date"] is not None:
                moment = max(moment, datetime.combine(row["converted_date"], datetime.min.time()))
            row["_fivetran_synced"] = synced(moment)


def _finish(world: World) -> dict[str, list[Row]]:
    """Every table in a stable row order (rows may hold private '_' keys besides the contract's
    columns: the writers and bends only read the contract's)."""
    return {
        table.key: _sort_rows(table, world.rows(table.key))
        for table in TABLES
        if table.key != SPEND
    }


def _sort_rows(table: Table, rows: list[Row]) -> list[Row]:
    first = table.column_names[0]
    if "_fivetran_synced" in table.column_names:
        _sort_by_id_then_synced(rows, first)
    elif table.key == "marketing.form_submission":
        rows.sort(key=itemgetter("submitted_at", "submission_id"))
    elif table.key == "billing.subscription":
        rows.sort(key=itemgetter("created_at", "subscription_id"))
    elif table.key == SPEND:
        rows.sort(key=itemgetter("spend_id"))
    elif table.key == "salesforce.dated_conversion_rate":
        rows.sort(key=itemgetter("iso_code", "start_date"))
    else:
        rows.sort(key=itemgetter(first))
    return rows


def _synced_or_min(row: Row) -> datetime:
    return row["_fivetran_synced"] or datetime.min


def _sort_by_id_then_synced(rows: list[Row], first: str) -> None:
    """= rows.sort(key=(row[first], row['_fivetran_synced'] or datetime.min)), faster: a stable
    sort by the first column, then each run of rows that share it (a re-synced row and its
    older copy: few) by their sync time."""
    get = itemgetter(first)
    rows.sort(key=get)
    keys = list(map(get, rows))
    # positions i whose row has the first value of row i - 1 (in C: no Python loop over rows)
    repeats = list(compress(count(1), map(eq, keys, islice(keys, 1, None))))
    index = 0
    while index < len(repeats):
        start = end = repeats[index]
        index += 1
        while index < len(repeats) and repeats[index] == end + 1:
            end = repeats[index]
            index += 1
        rows[start - 1 : end + 1] = sorted(rows[start - 1 : end + 1], key=_synced_or_min)
