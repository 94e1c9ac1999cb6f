"""Accounts, contacts and opportunities with their stage history and line items."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from functools import cache

from salesfx.generator.model import (
    Account,
    Company,
    Opportunity,
    Person,
    Rep,
    Row,
    World,
    between,
    pick,
    plus,
    seconds,
    weighted,
)
from salesfx.generator.people import new_identity, spell_country
from salesfx.generator.reference import (
    COUNTRIES_BY_CODE,
    EDITION_FAMILIES,
    JOB_TITLES,
    LOST_STAGE,
    OPEN_STAGES,
    PRODUCTS,
    PRODUCTS_BY_CODE,
    WON_STAGE,
    Product,
    Stage,
)

CYCLE_DAYS = {"Enterprise": 70.0, "Mid-Market": 42.0, "SMB": 24.0}
TYPE_LABELS = {
    "new": "New Business",
    "upgrade": "Existing Business - Upgrade",
    "add_on": "Existing Business - Add-On",
    "cross_sell": "Existing Business - Add-On",
    "renewal": "Renewal",
}
KIND_CYCLE_FACTOR = {"new": 1.0, "upgrade": 0.6, "add_on": 0.45, "cross_sell": 0.7, "renewal": 0.5}
KIND_WIN_RATE = {"new": 0.40, "upgrade": 0.58, "add_on": 0.64, "cross_sell": 0.5, "renewal": 0.85}
SEATS = {"Enterprise": (40, 400), "Mid-Market": (12, 120), "SMB": (3, 30)}
FAMILY_WEIGHTS = (("Analytics", 45), ("Automation", 25), ("Security", 30))
EDITION_WEIGHTS = {
    "Enterprise": ((1, 25), (2, 45), (3, 30)),
    "Mid-Market": ((1, 50), (2, 38), (3, 12)),
    "SMB": ((1, 75), (2, 22), (3, 3)),
}


@cache
def edition(family: str, rank: int) -> Product:
    ranks = [p for p in PRODUCTS if p.family == family and p.edition_rank is not None]
    rank = min(rank, max(p.edition_rank or 0 for p in ranks))
    return next(p for p in ranks if p.edition_rank == rank)


@cache
def top_rank(family: str) -> int:
    return max(p.edition_rank or 0 for p in PRODUCTS if p.family == family)


def ensure_account(
    world: World, rng: random.Random, company: Company, owner: Rep, moment: datetime
) -> Account:
    if company.account is not None:
        return company.account
    account = Account(
        id=world.ids.new("account"),
        company=company,
        owner=owner,
        created_at=moment,
        currency=COUNTRIES_BY_CODE[company.country_code].currency,
        billing_country=spell_country(rng, company.country_code),
    )
    company.account = account
    world.accounts.append(account)
    world.rows("salesforce.account").append(
        {
            "id": account.id,
            "is_deleted": False,
            "name": company.name,
            "type": "Prospect",
            "industry": company.industry,
            "billing_country": account.billing_country,
            "number_of_employees": company.employees,
            "owner_id": owner.user_id,
            "created_date": moment,
            "_fivetran_synced": None,
        }
    )
    return account


def add_contact(
    world: World,
    rng: random.Random,
    account: Account,
    moment: datetime,
    owner: Rep,
    lead_source: str | None,
    identity: tuple[str, str, str, str] | None = None,
) -> Person:
    if identity is None:
        first, last, email = new_identity(world, rng, account.company)
        title = pick(rng, JOB_TITLES)
    else:
        first, last, email, title = identity
    person = Person(
        kind="contact",
        id=world.ids.new("contact"),
        first_name=first,
        last_name=last,
        email=email,
        title=title,
        company=account.company,
        owner=owner,
        created_at=moment,
        lead_source=lead_source,
        account=account,
    )
    person.row = {
        "id": person.id,
        "is_deleted": False,
        "account_id": account.id,
        "first_name": first,
        "last_name": last,
        "email": email,
        "title": title,
        "owner_id": owner.user_id,
        "lead_source": lead_source,
        "created_date": moment,
        "_fivetran_synced": None,
    }
    world.rows("salesforce.contact").append(person.row)
    account.contacts.append(person)
    world.people.append(person)
    return person


def new_business_lines(rng: random.Random, company: Company) -> list[tuple[Product, int]]:
    family = weighted(rng, FAMILY_WEIGHTS)
    rank = weighted(rng, EDITION_WEIGHTS[company.segment])
    low, high = SEATS[company.segment]
    lines = [(edition(family, rank), rng.randint(low, high))]
    if rng.random() < 0.18:
        other = weighted(rng, [(f, w) for f, w in FAMILY_WEIGHTS if f != family])
        lines.append((edition(other, 1), rng.randint(low, max(low, high // 2))))
    if rng.random() < 0.3:
        lines.append((PRODUCTS_BY_CODE["SVC-IMP"], rng.randint(1, 3)))
    if rng.random() < 0.12:
        lines.append((PRODUCTS_BY_CODE["SVC-TRN"], rng.randint(1, 4)))
    if company.segment != "SMB" and rng.random() < 0.2:
        lines.append((PRODUCTS_BY_CODE["SVC-SUP"], 1))
    return lines


def _sales_channel(rng: random.Random, company: Company, lead_source: str | None) -> str:
    if lead_source == "Partner":
        return "Partner"
    if company.segment == "Enterprise":
        return weighted(rng, (("Field", 85), ("Partner", 15)))
    if company.segment == "Mid-Market":
        return weighted(rng, (("Inside", 72), ("Field", 13), ("Partner", 15)))
    return weighted(rng, (("Inside", 50), ("Online", 42), ("Partner", 8)))


def _q4_shift(rng: random.Random, created: datetime, close: datetime, end: datetime) -> datetime:
    """Reps pull deals into Q4 (year-end push) and let Q3 deals slip into it."""
    if close.month in (8, 9) and rng.random() < 0.55:
        shifted = plus(close, days=rng.uniform(25, 80))
        if shifted.month in (10, 11, 12) and shifted <= end:
            return shifted
    if close.month in (1, 2) and rng.random() < 0.5:
        december = datetime(close.year - 1, 12, rng.randint(5, 30), close.hour, close.minute)
        if december > plus(created, days=3) and december.year >= 2024:
            return december
    return close


def create_opportunity(
    world: World,
    rng: random.Random,
    account: Account,
    owner: Rep,
    created_at: datetime,
    kind: str,
    lines: list[tuple[Product, int]],
    lead_source: str | None,
    forced: tuple[bool, datetime] | None = None,
) -> Opportunity:
    """An opportunity with its full life: outcome, close date, history rows, line items."""
    end = world.config.end
    company = account.company
    currency = account.currency
    opportunity_id = world.ids.new("opportunity")

    # Outcome and close moment.
    if forced is not None:
        is_won, close_moment = forced
    else:
        median = CYCLE_DAYS[company.segment] * owner.cycle_factor * KIND_CYCLE_FACTOR[kind]
        cycle = max(0.6, median * rng.lognormvariate(0, 0.45))
        win_rate = KIND_WIN_RATE[kind] + owner.win_skill
        natural_close = plus(created_at, days=cycle)
        if natural_close.month >= 10:
            win_rate += 0.06
        is_won = rng.random() < win_rate
        if not is_won:
            cycle *= rng.uniform(0.5, 1.1)
            natural_close = plus(created_at, days=max(0.6, cycle))
        close_moment = _q4_shift(rng, created_at, natural_close, end) if is_won else natural_close
    is_closed = close_moment <= end

    # Line items, priced in the account's currency at creation.
    rate = world.rate(currency, created_at.date())
    decimals = 0 if currency == "JPY" else 2
    discount = rng.uniform(0.0, 0.22)
    line_rows: list[Row] = []
    line_created = plus(created_at, minutes=rng.uniform(2, 600))
    for product, quantity in lines:
        unit_price = round(product.list_price_usd * rate * (1 - discount), decimals)
        line_rows.append(
            {
                "id": world.ids.new("opportunity_line_item"),
                "is_deleted": False,
                "opportunity_id": opportunity_id,
                "product_2_id": world.product_ids[product.code],
                "quantity": quantity,
                "unit_price": float(unit_price),
                "total_price": round(quantity * unit_price, 2),
                "created_date": min(line_created, end),
                "_fivetran_synced": None,
                "_product_code": product.code,
            }
        )
    amount = round(sum(line["total_price"] for line in line_rows), 2)

    # Stage path and history.
    if is_won or not is_closed:
        top = 5
    else:
        top = weighted(rng, ((1, 22), (2, 26), (3, 22), (4, 18), (5, 12)))
    start_stage = 2 if (kind != "new" and rng.random() < 0.5) or rng.random() < 0.15 else 1
    start_stage = min(start_stage, top)
    path: list[Stage] = list(OPEN_STAGES[start_stage - 1 : top])
    if len(path) >= 3 and rng.random() < 0.13:
        back = rng.randrange(2, len(path))
        path = path[: back + 1] + [path[back - 1]] + path[back:]
    final_stage = WON_STAGE if is_won else LOST_STAGE
    span = (close_moment - created_at).total_seconds()
    cuts = sorted(rng.random() for _ in range(len(path) - 1))
    events: list[tuple[datetime, Stage]] = [(created_at, path[0])]
    for fraction, stage in zip(cuts, path[1:], strict=True):
        events.append((seconds(created_at + timedelta(seconds=span * fraction)), stage))
    events.append((close_moment, final_stage))

    estimate = created_at.date() + timedelta(
        days=max(7, round((span / 86400) * rng.uniform(0.6, 1.5)))
    )
    early_amount = round(amount * rng.uniform(0.6, 1.4), -1 if decimals else -3)
    amount_switch = rng.randrange(1, len(events))
    amount_only_row = rng.random() < 0.3 and len(events) >= 3
    history_rows: list[Row] = []
    expected = estimate
    for index, (moment, stage) in enumerate(events):
        if moment > end:
            break
        if stage.is_closed:
            expected = close_moment.date()
        elif index >= len(events) - 2 and rng.random() < 0.5:
            expected = max(moment.date() + timedelta(days=3), close_moment.date())
        row_amount = amount if index >= amount_switch else early_amount
        history_rows.append(
            _history_row(world, opportunity_id, stage, row_amount, expected, moment)
        )
        if amount_only_row and index == amount_switch - 1 and not stage.is_closed:
            following = events[index + 1][0]
            between_moment = between(rng, moment, following)
            if moment < between_moment < following and between_moment <= end:
                history_rows.append(
                    _history_row(world, opportunity_id, stage, amount, expected, between_moment)
                )
                amount_switch = index  # later rows carry the final amount
    world.rows("salesforce.opportunity_history").extend(history_rows)

    last = history_rows[-1]
    last["amount"] = amount  # the deal's amount is always the sum of its line items
    current_stage = next(
        s for s in (*OPEN_STAGES, WON_STAGE, LOST_STAGE) if s.name == last["stage_name"]
    )
    if not is_closed and last["close_date"] <= last["created_date"].date():
        last["close_date"] = last["created_date"].date() + timedelta(days=rng.randint(7, 45))
    row: Row = {
        "id": opportunity_id,
        "is_deleted": False,
        "account_id": account.id,
        "owner_id": owner.user_id,
        "name": _opportunity_name(company, kind, lines, created_at),
        "type": _type_label(rng, kind),
        "stage_name": current_stage.name,
        "amount": amount,
        "currency_iso_code": currency,
        "probability": current_stage.probability,
        "forecast_category": current_stage.forecast_category,
        "lead_source": lead_source,
        "sales_channel_c": _sales_channel(rng, company, lead_source),
        "is_closed": is_closed,
        "is_won": is_closed and is_won,
        "created_date": created_at,
        "close_date": last["close_date"],
        "_fivetran_synced": None,
        "_last_change": last["created_date"],
    }
    world.rows("salesforce.opportunity").append(row)
    world.rows("salesforce.opportunity_line_item").extend(line_rows)
    opportunity = Opportunity(
        id=opportunity_id,
        account=account,
        owner=owner,
        opportunity_type=row["type"],
        created_at=created_at,
        close_date=row["close_date"],
        is_closed=is_closed,
        is_won=bool(row["is_won"]),
        currency=currency,
        lines=line_rows,
        row=row,
        kind=kind,
    )
    world.opportunities.append(opportunity)
    account.opportunities.append(opportunity)
    return opportunity


def _history_row(
    world: World, opportunity_id: str, stage: Stage, amount: float, close: date, moment: datetime
) -> Row:
    return {
        "id": world.ids.new("opportunity_history"),
        "is_deleted": False,
        "opportunity_id": opportunity_id,
        "stage_name": stage.name,
        "amount": amount,
        "close_date": close,
        "probability": stage.probability,
        "created_date": moment,
        "_fivetran_synced": None,
    }


def _type_label(rng: random.Random, kind: str) -> str:
    """The label a rep picks; cross-sells and upgrades are sometimes mislabeled."""
    if kind == "cross_sell" and rng.random() < 0.25:
        return "New Business"
    if kind == "upgrade" and rng.random() < 0.15:
        return "Existing Business - Add-On"
    return TYPE_LABELS[kind]


def _opportunity_name(
    company: Company, kind: str, lines: list[tuple[Product, int]], created: datetime
) -> str:
    family = lines[0][0].family if lines else "Platform"
    label = {
        "new": "New",
        "upgrade": "Upgrade",
        "add_on": "Add-On",
        "cross_sell": "Expansion",
        "renewal": f"Renewal {created.year + (created.month > 10)}",
    }[kind]
    return f"{company.name} - {family} {label}"


def convert_lead(
    world: World, rng: random.Random, person: Person, moment: datetime
) -> Opportunity | None:
    """Salesforce lead conversion: account, contact and a new-business opportunity."""
    if person.kind != "lead" or person.converted_at is not None or person.owner is None:
        return None
    owner = person.owner
    account = ensure_account(world, rng, person.company, owner, moment)
    contact = add_contact(
        world,
        rng,
        account,
        moment,
        owner,
        person.lead_source,
        identity=(person.first_name, person.last_name, person.email, person.title),
    )
    opportunity = create_opportunity(
        world,
        rng,
        account,
        owner,
        plus(moment, minutes=rng.uniform(0.5, 4)),
        "new",
        new_business_lines(rng, person.company),
        person.lead_source,
    )
    person.converted_at = moment
    person.converted_contact = contact
    person.converted_opportunity_id = opportunity.id
    assert person.row is not None
    person.row.update(
        {
            "status": "Closed - Converted",
            "is_converted": True,
            "converted_date": moment.date(),
            "converted_account_id": account.id,
            "converted_contact_id": contact.id,
            "converted_opportunity_id": opportunity.id,
        }
    )
    return opportunity


def holdings(account: Account, moment: datetime) -> list:
    return [
        sub
        for sub in account.subscriptions
        if sub.started_at <= moment and (sub.ended_at is None or sub.ended_at > moment)
    ]


def expansion_lines(
    rng: random.Random, account: Account, moment: datetime, kind: str
) -> list[tuple[Product, int]] | None:
    """Products for an existing-business deal given what the account holds at `moment`."""
    held = holdings(account, moment)
    editions = [sub for sub in held if sub.edition_rank is not None]
    low, high = SEATS[account.company.segment]
    if kind == "upgrade":
        upgradable = [sub for sub in editions if sub.edition_rank < top_rank(sub.family)]
        if not upgradable:
            return None
        sub = pick(rng, upgradable)
        return [(edition(sub.family, sub.edition_rank + 1), sub.quantity + rng.randint(0, low))]
    if kind == "add_on":
        if not held:
            return None
        sub = pick(rng, held)
        extra = max(1, round(sub.quantity * rng.uniform(0.15, 0.6)))
        return [(PRODUCTS_BY_CODE[sub.product_code], extra)]
    if kind == "cross_sell":
        if not held:
            return None
        families = {sub.family for sub in held}
        missing = [family for family in EDITION_FAMILIES if family not in families]
        if not missing:
            return None
        family = pick(rng, missing)
        return [(edition(family, weighted(rng, ((1, 60), (2, 40)))), rng.randint(low, high))]
    raise ValueError(kind)


def add_prospect_accounts(world: World) -> None:
    """Accounts reps create themselves (partners, events, outbound) with a new-business deal."""
    from salesfx.generator.people import assign_owner, new_company

    rng = world.rng("prospects")
    config = world.config
    for _ in range(config.scaled(config.direct_opportunity_accounts)):
        company = new_company(world, rng)
        created = between(rng, config.start, plus(config.end, days=-10))
        owner = assign_owner(world, rng, company.team, created)
        account = ensure_account(world, rng, company, owner, created)
        source = weighted(rng, (("Partner", 40), ("Outbound Prospecting", 35), ("Trade Show", 25)))
        for index in range(rng.randint(1, 3)):
            add_contact(world, rng, account, plus(created, minutes=5 + index * 3), owner, source)
        opened = plus(created, days=rng.uniform(0.1, 12))
        if opened < config.end:
            create_opportunity(
                world,
                rng,
                account,
                owner,
                opened,
                "new",
                new_business_lines(rng, company),
                source,
            )
