"""In-memory objects the generator steps share, and the random helpers they use."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from salesfx.generator.config import GeneratorConfig
from salesfx.generator.ids import SalesforceIds
from salesfx.generator.reference import UNRATED_CURRENCY, UNRATED_CURRENCY_PER_USD

T = TypeVar("T")
Row = dict[str, Any]


@dataclass
class Rep:
    user_id: str
    first_name: str
    last_name: str
    email: str
    phone: str
    region: str
    team: str
    segment: str
    time_zone: str
    hired_at: datetime
    left_at: datetime | None
    speed: float  # response-time multiplier (lower = faster)
    persistence: float  # mean follow-ups after the first one
    personalization: float  # chance of each of the five elements in an email
    connect_rate: float  # chance a call connects
    win_skill: float  # added to win probabilities
    cycle_factor: float  # multiplies deal cycles
    churn_factor: float  # multiplies the churn hazard of the customers the rep wins
    lead_weight: float = 1.0

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def active_at(self, moment: datetime) -> bool:
        return self.hired_at <= moment and (self.left_at is None or moment < self.left_at)


@dataclass
class Company:
    name: str
    domain: str
    country_code: str
    industry: str
    employees: int
    region: str
    team: str
    segment: str
    account: Account | None = None


@dataclass
class Account:
    id: str
    company: Company
    owner: Rep
    created_at: datetime
    currency: str
    billing_country: str
    churn_factor: float = 1.0
    contacts: list[Person] = field(default_factory=list)
    subscriptions: list[Subscription] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    first_won_at: datetime | None = None
    leave_at: datetime | None = None  # when the customer leaves (all subscriptions end)


@dataclass
class Person:
    kind: str  # 'lead', 'contact' or 'unknown' (not in the CRM)
    id: str | None
    first_name: str
    last_name: str
    email: str
    title: str
    company: Company
    owner: Rep | None
    created_at: datetime
    country_text: str | None = None
    lead_source: str | None = None
    # leads: conversion
    converted_at: datetime | None = None
    converted_contact: Person | None = None
    converted_opportunity_id: str | None = None
    # contacts: account
    account: Account | None = None
    row: Row | None = None
    requests: list[Request] = field(default_factory=list)
    touched: bool = False  # a rep logged an activity against the person

    def who_id_at(self, moment: datetime) -> str | None:
        """The id a rep logs a task against: the converted contact after conversion."""
        if self.converted_contact is not None and self.converted_at is not None:
            if moment >= self.converted_at:
                return self.converted_contact.id
        return self.id


@dataclass
class Request:
    """A form submission (a lead request unless it is a duplicate or a test record)."""

    row: Row
    person: Person | None
    form_type: str
    submitted_at: datetime
    is_duplicate: bool = False
    protected: bool = False  # part of a planted duplicate / repeat pair: keep its email valid


@dataclass
class Subscription:
    row: Row
    product_code: str
    family: str
    edition_rank: int | None
    started_at: datetime
    ended_at: datetime | None
    quantity: int


@dataclass
class Opportunity:
    id: str
    account: Account
    owner: Rep
    opportunity_type: str
    created_at: datetime
    close_date: date
    is_closed: bool
    is_won: bool
    currency: str
    lines: list[Row]
    row: Row
    kind: str  # what the deal really is: new, upgrade, add_on, cross_sell, renewal


@dataclass
class World:
    """Everything generated so far: the rows of every table and the objects behind them."""

    config: GeneratorConfig
    ids: SalesforceIds = field(default_factory=SalesforceIds)
    tables: dict[str, list[Row]] = field(default_factory=dict)
    reps: list[Rep] = field(default_factory=list)
    managers: dict[str, str] = field(default_factory=dict)  # region -> user id
    automation_user_ids: list[str] = field(default_factory=list)
    role_ids: dict[str, str] = field(default_factory=dict)  # role name -> id
    product_ids: dict[str, str] = field(default_factory=dict)  # product code -> id
    rates: dict[tuple[str, int, int], float] = field(default_factory=dict)
    accounts: list[Account] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    used_emails: set[str] = field(default_factory=set)
    used_company_names: set[str] = field(default_factory=set)

    def rows(self, key: str) -> list[Row]:
        return self.tables.setdefault(key, [])

    def rng(self, stream: str) -> random.Random:
        return random.Random(self.config.rng_seed(stream))

    def rate(self, currency: str, day: date) -> float:
        """Units of `currency` per 1 USD on `day` (the true rate, also inside rate gaps)."""
        if currency == "USD":
            return 1.0
        if currency == UNRATED_CURRENCY:
            return UNRATED_CURRENCY_PER_USD
        key = (currency, day.year, day.month)
        if key in self.rates:
            return self.rates[key]
        first = min(k for k in self.rates if k[0] == currency)
        last = max(k for k in self.rates if k[0] == currency)
        return self.rates[first] if (day.year, day.month) < first[1:] else self.rates[last]


# --- random helpers ----------------------------------------------------------------------


def pick(rng: random.Random, items: Sequence[T]) -> T:
    count = len(items)
    if count <= 0:
        raise IndexError("pick from an empty sequence")
    # = items[rng.randrange(count)]: the same draw as Random._randbelow_with_getrandbits (the
    # _randbelow of random.Random), without its call and randrange's argument checks
    bits = count.bit_length()
    index = rng.getrandbits(bits)
    while index >= count:
        index = rng.getrandbits(bits)
    return items[index]


class Weights(tuple):
    """Constant (value, weight) pairs with their total summed once: weighted() draws the same
    value from them as from the plain pairs, without adding the weights up at every draw."""

    total: float

    def __new__(cls, pairs):
        self = super().__new__(cls, pairs)
        self.total = sum(weight for _, weight in self)
        return self


def weighted(rng: random.Random, pairs: Sequence[tuple[T, float]]) -> T:
    if type(pairs) is Weights:
        total = pairs.total
    else:
        total = sum(weight for _, weight in pairs)
    point = rng.random() * total
    for value, weight in pairs:
        point -= weight
        if point < 0:
            return value
    return pairs[-1][0]


def randint(rng: random.Random, low: int, high: int) -> int:
    """= rng.randint(low, high) (the same draw), without randrange's argument checks."""
    return low + rng._randbelow(high - low + 1)


def seconds(moment: datetime) -> datetime:
    """Drop microseconds: every generated timestamp is whole seconds."""
    micro = moment.microsecond
    return moment - timedelta(0, 0, micro) if micro else moment


def between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = max(0.0, (end - start).total_seconds())
    return seconds(start + timedelta(0, rng.random() * span))


def plus(moment: datetime, *, days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
    # timedelta's arguments by position (days, seconds, microseconds, milliseconds, minutes,
    # hours): the same value as by keyword (the parts are added in a fixed order), built faster;
    # microseconds dropped by a subtraction rather than replace() (the same floor to the second).
    if hours:
        delta = timedelta(days, 0, 0, 0, minutes, hours)
    elif minutes:
        delta = timedelta(days, 0, 0, 0, minutes)
    else:
        delta = timedelta(days)
    moved = moment + delta
    micro = moved.microsecond
    return moved - timedelta(0, 0, micro) if micro else moved


def growth_moment(rng: random.Random, start: datetime, end: datetime, growth: float) -> datetime:
    """A moment in [start, end] whose density grows linearly by `growth` (0.5 = +50%)."""
    while True:
        fraction = rng.random()
        if rng.random() * (1 + growth) <= 1 + growth * fraction:
            return seconds(start + (end - start) * fraction)
