"""Tasks and email messages: follow-ups of lead requests, deal activities and the rest."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from salesfx.generator.anomalies import ANOMALIES, anomaly_count
from salesfx.generator.emails import REPLY_BODIES, automated_email, compose
from salesfx.generator.model import (
    Person,
    Rep,
    Request,
    Row,
    Weights,
    World,
    between,
    pick,
    plus,
    randint,
    weighted,
)
from salesfx.generator.reference import (
    CALL_DISPOSITIONS_CONNECTED,
    CALL_DISPOSITIONS_NOT_CONNECTED,
    WARMTH_BY_FORM_TYPE,
)

# Promptness by warmth: chance of any follow-up, median minutes to the first one.
RESPONSE_CHANCE = {"hot": 0.93, "warm": 0.86, "cold": 0.74, "unclassified": 0.8}
RESPONSE_MEDIAN_MINUTES = {"hot": 6.0, "warm": 95.0, "cold": 1800.0, "unclassified": 300.0}
RESPONSE_SIGMA = 1.15
# Persistence: follow-ups after the first one = Poisson(rep persistence x factor)
PERSISTENCE_FACTOR = {"hot": 1.3, "warm": 1.0, "cold": 0.7, "unclassified": 0.9}
FIRST_CHANNEL = {
    "hot": Weights((("call", 65), ("email", 35))),
    "warm": Weights((("call", 40), ("email", 60))),
    "cold": Weights((("call", 20), ("email", 80))),
    "unclassified": Weights((("call", 50), ("email", 50))),
}
LATER_CHANNEL = Weights((("call", 50), ("email", 50)))
DEAL_CHANNEL = Weights((("call", 40), ("email", 35), ("meeting", 25)))
OPEN_TASK_KIND = Weights((("Call", 55), ("Task", 35), ("Email", 10)))
LEAD_STATUS = Weights(
    (("Working - Contacted", 40), ("Nurturing", 25), ("Closed - Not Converted", 35))
)
DISPOSITION_CONNECTED = Weights(CALL_DISPOSITIONS_CONNECTED)
DISPOSITION_NOT_CONNECTED = Weights(CALL_DISPOSITIONS_NOT_CONNECTED)
# Conversion: chance an opportunity follows a request, by first response time and warmth.
CONVERSION_BY_BUCKET = {
    "0-5 min": 0.42,
    "5-60 min": 0.26,
    "1-24 h": 0.15,
    ">24 h": 0.07,
    "none": 0.01,
}
CONVERSION_WARMTH_FACTOR = {"hot": 1.3, "warm": 1.0, "cold": 0.65, "unclassified": 0.9}
# Email outcome by number of personalization elements (0..5).
REPLY_BASE, REPLY_PER_ELEMENT = 0.015, 0.05
OPEN_BASE, OPEN_PER_ELEMENT = 0.3, 0.08
BOUNCE_RATE = 0.03
FOLLOW_UP_WINDOW_DAYS = 30

ConvertCallback = Callable[[Person, Request, datetime], None]


def warmth_of(form_type: str) -> str:
    return WARMTH_BY_FORM_TYPE.get(form_type, "unclassified")


def response_bucket(minutes: float | None) -> str:
    if minutes is None:
        return "none"
    if minutes <= 5:
        return "0-5 min"
    if minutes <= 60:
        return "5-60 min"
    if minutes <= 1440:
        return "1-24 h"
    return ">24 h"


def poisson(rng: random.Random, mean: float) -> int:
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


class ActivityLog:
    """Writes task and email_message rows."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.tasks = world.rows("salesforce.task")
        self.messages = world.rows("salesforce.email_message")
        self.end = world.config.end

    def synced(self, rng: random.Random, moment: datetime) -> datetime:
        # = rng.uniform(5, 480), written out: 5 + (480 - 5) x random()
        return min(self.end, plus(moment, minutes=5 + 475 * rng.random()))

    def task(
        self,
        rng: random.Random,
        *,
        owner_id: str,
        who: Person | None,
        at: datetime,
        subject: str,
        type_: str,
        subtype: str,
        status: str = "Completed",
        what_id: str | None = None,
        call_type: str | None = None,
        duration: int | None = None,
        disposition: str | None = None,
        created: datetime | None = None,
    ) -> Row:
        who_id = who.who_id_at(at) if who is not None else None
        account_id = None
        if who is not None:
            if who.account is not None:
                account_id = who.account.id
            elif who.converted_contact is not None and who_id == who.converted_contact.id:
                account_id = (
                    who.converted_contact.account.id if who.converted_contact.account else None
                )
        completed = at if status == "Completed" else None
        if created is None:
            created = plus(at, minutes=-rng.uniform(0, 2)) if subtype == "Call" else at
        created = max(created, min(at, self.world.config.start))
        if completed is not None and subtype in ("Call", "Task") and rng.random() < 0.05:
            completed, created = None, at  # logged without a completion time
        row: Row = {
            "id": self.world.ids.new("task"),
            "is_deleted": False,
            "who_id": who_id,
            "what_id": what_id,
            "account_id": account_id,
            "owner_id": owner_id,
            "subject": subject,
            "type": type_,
            "task_subtype": subtype,
            "status": status,
            "call_type": call_type,
            "call_duration_in_seconds": duration,
            "call_disposition": disposition,
            "activity_date": at.date(),
            "created_date": created,
            "completed_date_time": completed,
            "_fivetran_synced": self.synced(rng, at),
        }
        self.tasks.append(row)
        if who is not None:
            who.touched = True
        return row

    def call(
        self,
        rng: random.Random,
        rep: Rep,
        who: Person,
        at: datetime,
        what_id: str | None = None,
        call_type: str | None = "Outbound",
    ) -> bool:
        connected = rng.random() < rep.connect_rate
        if connected:
            disposition = weighted(rng, DISPOSITION_CONNECTED)
            duration = randint(rng, 90, 1800)
        else:
            disposition = weighted(rng, DISPOSITION_NOT_CONNECTED)
            duration = randint(rng, 0, 60)
        if call_type == "Outbound" and rng.random() < 0.1:
            call_type = None  # older call logging left the direction empty
        subject = pick(rng, ("Call", "Intro call", "Follow-up call", "Discovery call"))
        self.task(
            rng,
            owner_id=rep.user_id,
            who=who,
            at=at,
            subject=subject,
            type_="Call",
            subtype="Call",
            what_id=what_id,
            call_type=call_type,
            duration=duration,
            disposition=disposition,
        )
        return connected

    def meeting(
        self, rng: random.Random, rep: Rep, who: Person, at: datetime, what_id: str | None = None
    ) -> None:
        subject = pick(rng, ("Meeting: Discovery", "Meeting: Demo", "Meeting: Intro", "Meeting"))
        self.task(
            rng,
            owner_id=rep.user_id,
            who=who,
            at=at,
            subject=subject,
            type_="Meeting",
            subtype="Task",
            what_id=what_id,
            created=plus(at, days=-rng.uniform(0.2, 4)),
        )

    def email(
        self,
        rng: random.Random,
        rep: Rep,
        who: Person,
        at: datetime,
        asset: str | None,
        what_id: str | None = None,
    ) -> bool:
        """An outgoing email follow-up; maybe opened, maybe replied (a reply task + message)."""
        chance, draw = rep.personalization, rng.random  # five draws, in order (a list: faster)
        elements = frozenset([e for e in (1, 2, 3, 4, 5) if draw() < chance])
        subject, body, sender = compose(rng, rep, who.first_name, who.company.name, asset, elements)
        task = self.task(
            rng,
            owner_id=rep.user_id,
            who=who,
            at=at,
            subject=f"Email: {subject}",
            type_="Email",
            subtype="Email",
            what_id=what_id,
        )
        bounced = rng.random() < BOUNCE_RATE or "@" not in who.email
        replied = not bounced and rng.random() < REPLY_BASE + REPLY_PER_ELEMENT * len(elements)
        opened = not bounced and (
            replied or rng.random() < OPEN_BASE + OPEN_PER_ELEMENT * len(elements)
        )
        first_opened = None
        status = "3"
        if opened:
            if rng.random() < 0.1:
                status = "1"  # read receipt without an open timestamp
            else:
                first_opened = min(self.end, plus(at, minutes=rng.lognormvariate(4.5, 1.2)))
        message = self.message(
            rng, task, subject, body, sender, who.email, False, status, bounced, first_opened, at
        )
        if replied:
            reply_at = plus(at, minutes=rng.lognormvariate(6.0, 1.1))
            if first_opened is not None and reply_at < first_opened:
                reply_at = plus(first_opened, minutes=rng.uniform(1, 60))
            if reply_at <= self.end:
                reply_task = self.task(
                    rng,
                    owner_id=rep.user_id,
                    who=who,
                    at=reply_at,
                    subject=f"Email: RE: {subject}",
                    type_="Email",
                    subtype="Email",
                    what_id=what_id,
                )
                reply_body = f"{pick(rng, REPLY_BODIES)}\n{who.first_name}"
                self.message(
                    rng,
                    reply_task,
                    f"RE: {subject}",
                    reply_body,
                    who.email,
                    sender,
                    True,
                    pick(rng, ("1", "1", "2", "0")),
                    False,
                    None,
                    reply_at,
                    reply_to=message["id"],
                )
            else:
                replied = False
        return replied or opened

    def message(
        self,
        rng: random.Random,
        task: Row,
        subject: str,
        body: str,
        sender: str,
        recipient: str,
        incoming: bool,
        status: str,
        bounced: bool,
        first_opened: datetime | None,
        at: datetime | None,
        reply_to: str | None = None,
    ) -> Row:
        row: Row = {
            "id": self.world.ids.new("email_message"),
            "is_deleted": False,
            "activity_id": task["id"],
            "subject": subject,
            "text_body": body,
            "from_address": sender,
            "to_address": recipient,
            "incoming": incoming,
            "status": status,
            "is_bounced": bounced,
            "first_opened_date": first_opened,
            "message_date": at,
            "reply_to_email_message_id": reply_to,
            "created_date": at if at is not None else task["created_date"],
            "_fivetran_synced": self.synced(rng, first_opened or at or task["created_date"]),
        }
        self.messages.append(row)
        return row


def follow_up_requests(
    world: World, log: ActivityLog, rng: random.Random, person: Person, convert: ConvertCallback
) -> None:
    """The rep's follow-ups of each of the person's requests, and whether a deal follows."""
    end = world.config.end
    requests = [request for request in person.requests if not request.is_duplicate]
    for index, request in enumerate(requests):
        window_end = min(plus(request.submitted_at, days=FOLLOW_UP_WINDOW_DAYS), end)
        if index + 1 < len(requests):
            window_end = min(window_end, requests[index + 1].submitted_at)
        warmth = warmth_of(request.form_type)
        owner = person.owner
        first: datetime | None = None
        if (
            owner is not None
            and owner.active_at(request.submitted_at)
            and rng.random() < RESPONSE_CHANCE[warmth]
        ):
            minutes = RESPONSE_MEDIAN_MINUTES[warmth] * owner.speed
            minutes *= rng.lognormvariate(0, RESPONSE_SIGMA)
            candidate = plus(request.submitted_at, minutes=max(0.4, minutes))
            if candidate < window_end and owner.active_at(candidate):
                first = candidate
        minutes_to_first = (
            (first - request.submitted_at).total_seconds() / 60 if first is not None else None
        )
        chance = CONVERSION_BY_BUCKET[response_bucket(minutes_to_first)]
        chance *= CONVERSION_WARMTH_FACTOR[warmth]
        if rng.random() < chance:
            base = first or request.submitted_at
            converted_at = plus(base, days=rng.uniform(0.05, 40))
            converted_at = min(converted_at, plus(request.submitted_at, days=85))
            if converted_at <= plus(end, days=-1):
                convert(person, request, converted_at)
        if first is None or owner is None:
            continue
        moments = [first]
        for _ in range(poisson(rng, owner.persistence * PERSISTENCE_FACTOR[warmth])):
            following = plus(moments[-1], days=max(0.05, rng.lognormvariate(0.8, 0.7)))
            if following >= window_end or not owner.active_at(following):
                break
            moments.append(following)
        reached = False
        for number, moment in enumerate(moments):
            if number == 0:
                channel = weighted(rng, FIRST_CHANNEL[warmth])
            elif reached and rng.random() < 0.15:
                channel = "meeting"
            else:
                channel = weighted(rng, LATER_CHANNEL)
            if channel == "call":
                reached = log.call(rng, owner, person, moment) or reached
            elif channel == "email":
                reached = (
                    log.email(rng, owner, person, moment, request.row["asset_name"]) or reached
                )
            else:
                log.meeting(rng, owner, person, moment)


def outbound_prospecting(
    world: World, log: ActivityLog, rng: random.Random, person: Person
) -> None:
    """Calls and emails a rep sends an outbound lead before any request."""
    owner = person.owner
    if owner is None:
        return
    moment = plus(person.created_at, days=rng.uniform(0.02, 3))
    for _ in range(rng.randint(1, 5)):
        if moment > world.config.end or not owner.active_at(moment):
            break
        if rng.random() < 0.55:
            log.call(rng, owner, person, moment)
        else:
            log.email(rng, owner, person, moment, None)
        moment = plus(moment, days=rng.uniform(1.5, 7))


def opportunity_activities(world: World, log: ActivityLog) -> None:
    """Calls, emails and meetings with the account's contacts while a deal is open."""
    rng = world.rng("deal-activities")
    end = world.config.end
    for opportunity in world.opportunities:
        contacts = opportunity.account.contacts
        if not contacts:
            continue
        close = datetime.combine(opportunity.close_date, datetime.min.time()) + timedelta(hours=17)
        stop = min(end, close if opportunity.is_closed else end)
        start = plus(opportunity.created_at, hours=1)
        if stop <= start:
            continue
        span_days = (stop - start).total_seconds() / 86400
        count = max(1, min(9, round(1 + span_days / 12 * rng.uniform(0.6, 1.4))))
        owner = opportunity.owner
        for _ in range(count):
            moment = between(rng, start, stop)
            if not owner.active_at(moment):
                continue
            who = pick(rng, contacts)
            channel = weighted(rng, DEAL_CHANNEL)
            if channel == "call":
                log.call(rng, owner, who, moment, what_id=opportunity.id)
            elif channel == "email":
                log.email(rng, owner, who, moment, None, what_id=opportunity.id)
            else:
                log.meeting(rng, owner, who, moment, what_id=opportunity.id)


def background_tasks(world: World, log: ActivityLog) -> None:
    """Tasks that are not follow-ups: mass and automated emails, inbound and internal calls,
    LinkedIn / cadence steps and open tasks."""
    rng = world.rng("background-tasks")
    config = world.config
    end = config.end
    automation = world.automation_user_ids
    people = [p for p in world.people if p.kind in ("lead", "contact") and p.owner is not None]
    requests = [
        request
        for p in people
        for request in p.requests
        if not request.is_duplicate and p.kind == "lead"
    ]

    for _ in range(anomaly_count(config, ANOMALIES.list_emails)):
        who = pick(rng, people)
        moment = between(rng, max(who.created_at, config.start), end)
        month = moment.strftime("%B %Y")
        owner_id = automation[0] if rng.random() < 0.7 else pick(rng, world.reps).user_id
        log.task(
            rng,
            owner_id=owner_id,
            who=who,
            at=moment,
            subject=f"Mass Email: Newsletter {month}",
            type_="Email",
            subtype="ListEmail",
        )

    for request in rng.sample(requests, anomaly_count(config, ANOMALIES.automated_user_emails)):
        person = request.person
        assert person is not None
        moment = min(end, plus(request.submitted_at, minutes=rng.uniform(0.2, 3)))
        subject, body, sender = automated_email(person.first_name, request.row["asset_name"])
        task = log.task(
            rng,
            owner_id=automation[0],
            who=person,
            at=moment,
            subject=f"Email: {subject}",
            type_="Email",
            subtype="Email",
        )
        log.message(rng, task, subject, body, sender, person.email, False, "3", False, None, moment)

    for request in rng.sample(requests, anomaly_count(config, ANOMALIES.inbound_calls)):
        person = request.person
        assert person is not None and person.owner is not None
        moment = min(end, plus(request.submitted_at, minutes=rng.lognormvariate(4.0, 1.5)))
        log.task(
            rng,
            owner_id=person.owner.user_id,
            who=person,
            at=moment,
            subject="Inbound call",
            type_="Call",
            subtype="Call",
            call_type="Inbound",
            duration=rng.randint(60, 1500),
            disposition="Connected",
        )

    for _ in range(anomaly_count(config, ANOMALIES.internal_calls)):
        who = pick(rng, people)
        moment = between(rng, max(who.created_at, config.start), end)
        rep = pick(rng, world.reps)
        log.task(
            rng,
            owner_id=rep.user_id,
            who=who,
            at=moment,
            subject="Internal call: account planning",
            type_="Call",
            subtype="Call",
            call_type="Internal",
            duration=rng.randint(300, 2400),
            disposition="Connected",
        )

    for _ in range(config.scaled(config.social_tasks)):
        who = pick(rng, people)
        moment = between(rng, max(who.created_at, config.start), end)
        rep = who.owner or pick(rng, world.reps)
        if rng.random() < 0.6:
            subject, subtype = "LinkedIn: connection request", "LinkedIn"
        else:
            subject, subtype = f"Cadence step {rng.randint(1, 6)}", "Cadence"
        log.task(
            rng,
            owner_id=rep.user_id,
            who=who,
            at=moment,
            subject=subject,
            type_="Other",
            subtype=subtype,
        )

    for _ in range(config.scaled(config.open_tasks)):
        who = pick(rng, people)
        created = between(rng, max(who.created_at, plus(end, days=-120)), end)
        due = min(end, plus(created, days=rng.uniform(0, 20)))
        rep = who.owner or pick(rng, world.reps)
        status = "Not Started" if rng.random() < 0.75 else "In Progress"
        kind = weighted(rng, OPEN_TASK_KIND)
        task = log.task(
            rng,
            owner_id=rep.user_id,
            who=who,
            at=due,
            subject={"Call": "Call back", "Task": "Send proposal", "Email": "Email: Draft"}[kind],
            type_={"Call": "Call", "Task": "Other", "Email": "Email"}[kind],
            subtype=kind,
            status=status,
            created=created,
        )
        if kind == "Email":
            subject, body, sender = compose(
                rng, rep, who.first_name, who.company.name, None, frozenset({1, 2, 3})
            )
            log.message(rng, task, subject, body, sender, who.email, False, "5", False, None, None)


def lead_statuses(world: World) -> None:
    """Final status of leads that did not convert."""
    rng = world.rng("lead-status")
    for person in world.people:
        if person.kind != "lead" or person.row is None or person.converted_at is not None:
            continue
        if not person.touched:
            status = "Open - Not Contacted"
        else:
            status = weighted(rng, LEAD_STATUS)
        person.row["status"] = status
