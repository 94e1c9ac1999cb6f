"""Companies, people (leads, contacts, people the CRM does not know) and their form fills."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from salesfx.generator.anomalies import ANOMALIES, anomaly_count
from salesfx.generator.config import COMPANY_DOMAIN
from salesfx.generator.ids import uuid4
from salesfx.generator.model import (
    Company,
    Person,
    Rep,
    Request,
    Row,
    Weights,
    World,
    between,
    growth_moment,
    pick,
    plus,
    seconds,
    weighted,
)
from salesfx.generator.reference import (
    ASSETS,
    COMPANY_WORDS_A,
    COMPANY_WORDS_B,
    COMPANY_WORDS_C,
    COMPANY_WORDS_D,
    COUNTRIES,
    COUNTRIES_BY_CODE,
    FIRST_NAMES,
    FORM_PAGES,
    FORM_TYPES,
    INDUSTRIES,
    JOB_TITLES,
    LAST_NAMES,
    REGION_UTC_OFFSET,
    UTM_CHANNELS,
)

LEAD_SOURCE_BY_FORM = {
    "demo_request": "Web",
    "contact_sales": "Web",
    "pricing_request": "Web",
    "free_trial": "Free Trial",
    "webinar_registration": "Webinar",
    "whitepaper_download": "Content",
    "ebook_download": "Content",
    "newsletter_signup": "Newsletter",
    "partner_referral": "Partner",
    "event_badge_scan": "Event",
}
OUTBOUND_LEAD_SOURCES = Weights(
    (("Outbound Prospecting", 55), ("List Import", 30), ("Trade Show", 15))
)
# The weights every draw uses, summed once (model.Weights).
COUNTRY_WEIGHTS = Weights((c, c.weight) for c in COUNTRIES)
SPELLINGS = {code: Weights(country.spellings) for code, country in COUNTRIES_BY_CODE.items()}
UTM_CHANNEL_WEIGHTS = Weights(((source, medium), weight) for source, medium, weight in UTM_CHANNELS)
FORM_TYPE_WEIGHTS = Weights((form_type, weight) for form_type, _, weight in FORM_TYPES)
LEGAL_SUFFIX = {"US": "Inc.", "CA": "Inc.", "GB": "Ltd", "DE": "GmbH", "FR": "SA", "JP": "KK"}
GROWTH = 0.6  # request volume grows 60% over the two years
MIN_GAP_DAYS = 5  # two ordinary form fills of one person are at least this far apart


def spell_country(rng: random.Random, code: str) -> str:
    return weighted(rng, SPELLINGS[code])


def new_company(world: World, rng: random.Random) -> Company:
    country = weighted(rng, COUNTRY_WEIGHTS)
    for attempt in range(10_000):
        words = [pick(rng, COMPANY_WORDS_A), pick(rng, COMPANY_WORDS_B), pick(rng, COMPANY_WORDS_C)]
        base = " ".join(word for word in words if word)
        if attempt >= 30:  # large scales run out of plain names
            base = f"{base} {pick(rng, COMPANY_WORDS_D)}"
            if attempt >= 60:
                base = f"{base} {attempt}"
        if base not in world.used_company_names:
            world.used_company_names.add(base)
            break
    suffix = LEGAL_SUFFIX.get(country.code)
    name = f"{base} {suffix}" if suffix and rng.random() < 0.5 else base
    # Chunks are generated apart: a chunk's tag keeps domains (and emails) unique across them.
    tag = f"-{world.config.chunk}" if world.config.chunk else ""
    domain = f"{base.lower().replace(' ', '')}{tag}.{country.tld}"
    size = rng.random()
    if size < 0.22:
        employees = rng.randint(1000, 20000)
        segment = "Enterprise"
    elif size < 0.62:
        employees = rng.randint(200, 999)
        segment = "Mid-Market"
    else:
        employees = rng.randint(10, 199)
        segment = "SMB"
    region = country.region
    team_segment = segment if region == "AMER" or segment != "SMB" else "Mid-Market"
    return Company(
        name=name,
        domain=domain,
        country_code=country.code,
        industry=pick(rng, INDUSTRIES),
        employees=employees,
        region=region,
        team=f"{region} {team_segment}",
        segment=segment,
    )


def new_identity(world: World, rng: random.Random, company: Company) -> tuple[str, str, str]:
    """First name, last name and a unique lower-case email at the company's domain."""
    while True:
        first, last = pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES)
        style = rng.random()
        if style < 0.6:
            local = f"{first}.{last}"
        elif style < 0.85:
            local = f"{first[0]}{last}"
        else:
            local = first
        email = f"{local}@{company.domain}".lower()
        if email not in world.used_emails:
            world.used_emails.add(email)
            return first, last, email


def assign_owner(world: World, rng: random.Random, team: str, moment: datetime) -> Rep:
    """A rep of the team who works there at `moment` (round robin, weighted)."""
    candidates = [rep for rep in world.reps if rep.team == team and rep.active_at(moment)]
    if not candidates:
        region = team.split(" ")[0]
        candidates = [rep for rep in world.reps if rep.region == region and rep.active_at(moment)]
    if not candidates:
        candidates = [rep for rep in world.reps if rep.active_at(moment)] or world.reps
    return weighted(rng, [(rep, rep.lead_weight) for rep in candidates])


def business_moment(rng: random.Random, day: datetime, region: str) -> datetime:
    """A moment on `day` that is mostly in the region's working hours (UTC)."""
    local_hour = rng.uniform(8, 18.5) if rng.random() < 0.8 else rng.uniform(0, 24)
    utc_hour = (local_hour - REGION_UTC_OFFSET[region]) % 24
    midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
    return seconds(midnight + timedelta(hours=utc_hour))


def add_lead(
    world: World,
    rng: random.Random,
    company: Company,
    created: datetime,
    owner: Rep,
    lead_source: str,
) -> Person:
    first, last, email = new_identity(world, rng, company)
    person = Person(
        kind="lead",
        id=world.ids.new("lead"),
        first_name=first,
        last_name=last,
        email=email,
        title=pick(rng, JOB_TITLES),
        company=company,
        owner=owner,
        created_at=created,
        country_text=spell_country(rng, company.country_code),
        lead_source=lead_source,
    )
    person.row = {
        "id": person.id,
        "is_deleted": False,
        "first_name": first,
        "last_name": last,
        "email": email,
        "company": company.name,
        "title": person.title,
        "industry": company.industry,
        "country": person.country_text,
        "lead_source": lead_source,
        "status": "Open - Not Contacted",
        "owner_id": owner.user_id,
        "is_converted": False,
        "converted_date": None,
        "converted_account_id": None,
        "converted_contact_id": None,
        "converted_opportunity_id": None,
        "created_date": created,
        "_fivetran_synced": None,
    }
    world.rows("salesforce.lead").append(person.row)
    world.people.append(person)
    return person


def add_submission(
    world: World,
    rng: random.Random,
    person: Person | None,
    form_type: str,
    moment: datetime,
    *,
    email: str | None = None,
    names: tuple[str, str] | None = None,
    company: Company | None = None,
    is_duplicate: bool = False,
) -> Request:
    company = company or (person.company if person else None)
    first, last = names or ((person.first_name, person.last_name) if person else ("", ""))
    channel = weighted(rng, UTM_CHANNEL_WEIGHTS)
    source, medium = channel
    campaign = None
    url = f"https://www.{COMPANY_DOMAIN}{FORM_PAGES[form_type]}"
    if source is not None:
        campaign = f"{moment.year}-q{(moment.month - 1) // 3 + 1}-{form_type.replace('_', '-')}"
        url += f"?utm_source={source}&utm_medium={medium}&utm_campaign={campaign}"
    country = None
    if company is not None and rng.random() < 0.94:
        country = spell_country(rng, company.country_code)
    row: Row = {
        "submission_id": uuid4(rng),
        "email": email if email is not None else (person.email if person else None),
        "first_name": first.lower() if rng.random() < 0.05 else first,
        "last_name": last,
        "company": company.name if company else None,
        "job_title": person.title if person else pick(rng, JOB_TITLES),
        "country": country,
        "form_type": form_type,
        "asset_name": pick(rng, ASSETS[form_type]),
        "page_url": url,
        "utm_source": source,
        "utm_medium": medium,
        "utm_campaign": campaign,
        "submitted_at": moment,
    }
    world.rows("marketing.form_submission").append(row)
    request = Request(row, person, form_type, moment, is_duplicate=is_duplicate)
    if person is not None:
        person.requests.append(request)
    return request


def _form_type(rng: random.Random) -> str:
    return weighted(rng, FORM_TYPE_WEIGHTS)


def _submission_day(world: World, rng: random.Random, latest: datetime) -> datetime:
    return growth_moment(rng, world.config.start, latest, GROWTH)


def _later_submissions(
    world: World, rng: random.Random, person: Person, first: datetime, repeat_chance: float
) -> None:
    end = world.config.end
    moment = first
    while rng.random() < repeat_chance:
        moment = plus(moment, days=rng.uniform(MIN_GAP_DAYS + 1, 120))
        moment = business_moment(rng, moment, person.company.region)
        if moment > end or (person.requests and moment < person.requests[-1].submitted_at):
            break
        if moment - person.requests[-1].submitted_at < timedelta(days=MIN_GAP_DAYS):
            break
        add_submission(world, rng, person, _form_type(rng), moment)


def build_leads(world: World) -> None:
    """Inbound leads (created by a form fill), outbound leads, people the CRM never saw."""
    rng = world.rng("leads")
    config = world.config
    end = config.end

    for _ in range(config.scaled(config.inbound_leads)):
        company = new_company(world, rng)
        day = _submission_day(world, rng, plus(end, days=-1))
        submitted = business_moment(rng, day, company.region)
        if submitted > end:
            submitted = plus(end, hours=-3)
        form_type = _form_type(rng)
        created = plus(submitted, minutes=rng.uniform(0.3, 3))
        owner = assign_owner(world, rng, company.team, submitted)
        person = add_lead(world, rng, company, created, owner, LEAD_SOURCE_BY_FORM[form_type])
        add_submission(world, rng, person, form_type, submitted)
        _later_submissions(world, rng, person, submitted, 0.45)

    for _ in range(config.scaled(config.outbound_leads)):
        company = new_company(world, rng)
        created = business_moment(
            rng, between(rng, config.start, plus(end, days=-20)), company.region
        )
        owner = assign_owner(world, rng, company.team, created)
        source = weighted(rng, OUTBOUND_LEAD_SOURCES)
        person = add_lead(world, rng, company, created, owner, source)
        if rng.random() < 0.3:
            first = business_moment(rng, plus(created, days=rng.uniform(3, 200)), company.region)
            if first <= end:
                add_submission(world, rng, person, _form_type(rng), first)
                _later_submissions(world, rng, person, first, 0.25)

    # People who fill forms but never reach the CRM (the sync skipped them).
    for _ in range(config.scaled(config.unmatched_submitters)):
        company = new_company(world, rng)
        first, last, email = new_identity(world, rng, company)
        moment = business_moment(
            rng, _submission_day(world, rng, plus(end, days=-1)), company.region
        )
        if moment > end:
            moment = plus(end, hours=-5)
        for index in range(1 + (rng.random() < 0.25)):
            if index:
                moment = plus(moment, days=rng.uniform(MIN_GAP_DAYS + 1, 40))
            if moment > end:
                break
            add_submission(
                world,
                rng,
                None,
                _form_type(rng),
                moment,
                email=email,
                names=(first, last),
                company=company,
            )

    _plant_submission_anomalies(world, rng)
    _plant_test_records(world, rng)


def _plant_submission_anomalies(world: World, rng: random.Random) -> None:
    """Unmapped form types, duplicates within 24 h and repeats after 24 h (ANOMALIES)."""
    config = world.config
    end = config.end
    leads = [person for person in world.people if person.kind == "lead"]

    def free_moment(person: Person) -> datetime | None:
        """A moment at least MIN_GAP_DAYS away from the person's other form fills."""
        for _ in range(20):
            moment = business_moment(
                rng,
                between(rng, plus(person.created_at, days=1), plus(end, days=-4)),
                person.company.region,
            )
            if moment <= person.created_at or moment > plus(end, days=-4):
                continue
            if all(
                abs(moment - request.submitted_at) >= timedelta(days=MIN_GAP_DAYS)
                for request in person.requests
            ):
                return moment
        return None

    for form_type, base in sorted(ANOMALIES.unmapped_form_types.items()):
        planted = 0
        while planted < anomaly_count(config, base):
            person = pick(rng, leads)
            moment = free_moment(person)
            if moment is not None:
                add_submission(world, rng, person, form_type, moment)
                person.requests.sort(key=lambda request: request.submitted_at)
                planted += 1

    used: set[int] = set()
    for is_duplicate, base in (
        (True, ANOMALIES.duplicate_submissions_within_24h),
        (False, ANOMALIES.repeat_submissions_after_24h),
    ):
        planted = 0
        while planted < anomaly_count(config, base):
            person = pick(rng, leads)
            if id(person) in used or not person.requests:
                continue
            original = pick(rng, person.requests)
            if original.form_type not in ASSETS or original.is_duplicate:
                continue
            hours = rng.uniform(0.1, 23.0) if is_duplicate else rng.uniform(25.0, 72.0)
            moment = plus(original.submitted_at, hours=hours)
            if moment > end:
                continue
            if any(
                request is not original
                and abs(moment - request.submitted_at) < timedelta(days=MIN_GAP_DAYS - 1)
                for request in person.requests
            ):
                continue
            used.add(id(person))
            copy_request = add_submission(
                world, rng, person, original.form_type, moment, is_duplicate=is_duplicate
            )
            copy_request.protected = original.protected = True
            copy_request.row["_protected"] = original.row["_protected"] = True
            person.requests.sort(key=lambda request: request.submitted_at)
            planted += 1


def _plant_test_records(world: World, rng: random.Random) -> None:
    """Test and internal form fills and leads (ANOMALIES.test_submissions / test_leads)."""
    config = world.config
    end = config.end
    number = 10_000 * config.chunk  # unique test addresses across chunks
    for domain, base in sorted(ANOMALIES.test_submissions.items()):
        for _ in range(anomaly_count(config, base)):
            number += 1
            local = f"qa+{number}" if domain == COMPANY_DOMAIN else f"test{number}"
            company = new_company(world, rng)
            request = add_submission(
                world,
                rng,
                None,
                _form_type(rng),
                between(rng, config.start, end),
                email=f"{local}@{domain}",
                names=("Test", f"User{number}"),
                company=company,
            )
            request.row["_test"] = True
    for domain, base in sorted(ANOMALIES.test_leads.items()):
        for _ in range(anomaly_count(config, base)):
            number += 1
            company = new_company(world, rng)
            created = between(rng, config.start, end)
            owner = assign_owner(world, rng, company.team, created)
            person = add_lead(world, rng, company, created, owner, "Web")
            local = f"qa+{number}" if domain == COMPANY_DOMAIN else f"test{number}"
            person.email = f"{local}@{domain}"
            person.kind = "test"
            assert person.row is not None
            person.row.update(
                {
                    "email": person.email,
                    "first_name": "Test",
                    "last_name": f"Lead{number}",
                    "status": "Closed - Not Converted",
                    "_test": True,
                }
            )
