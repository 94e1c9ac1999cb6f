"""The sales organization: role hierarchy, reps, managers and automation users."""

from __future__ import annotations

import random
import zlib
from datetime import datetime

from salesfx.generator.config import COMPANY_DOMAIN, FAST_CLOSER_NAME, FAST_CLOSER_TEAM
from salesfx.generator.model import Rep, World, between, pick, plus
from salesfx.generator.reference import FIRST_NAMES, LAST_NAMES, REGIONS, TEAMS, TIME_ZONES

AUTOMATION_USERS = (
    ("Marketing", "Automation"),
    ("Integration", "User"),
    ("Automated", "Process"),
    ("Data", "Loader"),
)
PHONE_PREFIX = {"AMER": "+1 415 555", "EMEA": "+44 20 7946", "APAC": "+81 3 5550"}


class _Names:
    """Unique (first, last) names; a chunk of a large company only takes the names of its share
    (so that names stay unique across chunks generated apart)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[tuple[str, str]] = {FAST_CLOSER_NAME}
        self.chunk, self.chunks = 0, 1

    def new(self) -> tuple[str, str]:
        attempts = 0
        while True:
            attempts += 1
            name = (pick(self.rng, FIRST_NAMES), pick(self.rng, LAST_NAMES))
            if attempts > 200 * self.chunks:  # a crowded share: double-barrelled names
                name = (name[0], f"{name[1]}-{pick(self.rng, LAST_NAMES)}")
            if name not in self.used and self._is_ours(name):
                self.used.add(name)
                return name

    def _is_ours(self, name: tuple[str, str]) -> bool:
        if self.chunks == 1:
            return True
        return zlib.crc32(f"{name[0]} {name[1]}".encode()) % self.chunks == self.chunk


def build_reference_org(world: World) -> _Names:
    """Roles, region managers and automation users: the same in every chunk (chunk 0 writes
    them). Returns the name drawer whose random stream the reps continue (chunk 0)."""
    rng = random.Random(world.config.global_seed("org"))
    start = world.config.start
    names = _Names(rng)

    def add_role(name: str, parent: str | None) -> str:
        role_id = world.ids.new("user_role")
        world.role_ids[name] = role_id
        world.rows("salesforce.user_role").append(
            {
                "id": role_id,
                "name": name,
                "parent_role_id": world.role_ids[parent] if parent else None,
                "_fivetran_synced": plus(start, hours=2),
            }
        )
        return role_id

    add_role("Sales", None)
    for region in REGIONS:
        add_role(region, "Sales")
    for region, segment, _ in TEAMS:
        add_role(f"{region} {segment}", region)

    for region in REGIONS:
        first, last = names.new()
        world.managers[region] = add_user(
            world,
            first,
            last,
            region,
            None,
            "Standard",
            TIME_ZONES[region][0],
            between(rng, start, plus(start, days=2)),
        )
    for first, last in AUTOMATION_USERS:
        world.automation_user_ids.append(
            add_user(
                world, first, last, None, None, "AutomatedProcess", "America/Los_Angeles", start
            )
        )
    return names


def add_user(
    world: World,
    first: str,
    last: str,
    role: str | None,
    manager_id: str | None,
    user_type: str,
    time_zone: str,
    created: datetime,
    is_active: bool = True,
) -> str:
    user_id = world.ids.new("user")
    local = f"{first}.{last}".lower() if user_type == "Standard" else f"{first}-{last}".lower()
    world.rows("salesforce.user").append(
        {
            "id": user_id,
            "first_name": first,
            "last_name": last,
            "name": f"{first} {last}",
            "email": f"{local}@{COMPANY_DOMAIN}",
            "user_role_id": world.role_ids[role] if role else None,
            "manager_id": manager_id,
            "user_type": user_type,
            "is_active": is_active,
            "time_zone_sid_key": time_zone,
            "created_date": created,
            "_fivetran_synced": plus(created, hours=3),
        }
    )
    return user_id


def build_reps(world: World, names: _Names) -> None:
    """The chunk's sales reps, team by team (the fast closer is the first AMER Mid-Market rep
    of chunk 0)."""
    config = world.config
    start, end = config.start, config.end
    if config.chunk:
        names.rng = world.rng("org")
    names.chunk, names.chunks = config.chunk, config.chunks
    rng = names.rng
    teams = [f"{region} {segment}" for region, segment, _ in TEAMS]
    fast_closer_team = teams.index(FAST_CLOSER_TEAM)
    for team_index, (region, segment, reps_at_scale_1) in enumerate(TEAMS):
        team = teams[team_index]
        # small chunks: spread the teams' reps over the chunks (the fast closer's from chunk 0)
        count = config.scaled(reps_at_scale_1, rotation=team_index - fast_closer_team)
        for index in range(count):
            is_fast_closer = team == FAST_CLOSER_TEAM and index == 0 and config.chunk == 0
            first, last = FAST_CLOSER_NAME if is_fast_closer else names.new()
            # Most reps are there from the start; a few join later, a few leave.
            if index < count - 1 or rng.random() < 0.5:
                hired = between(rng, start, plus(start, days=3))
            else:
                hired = between(rng, plus(start, days=90), plus(start, days=400))
            left_at = None
            if not is_fast_closer and rng.random() < 0.06:
                left_at = between(rng, plus(start, days=420), plus(end, days=-60))
            time_zone = pick(rng, TIME_ZONES[region])
            user_id = add_user(
                world,
                first,
                last,
                team,
                world.managers[region],
                "Standard",
                time_zone,
                hired,
                is_active=left_at is None,
            )
            rep = Rep(
                user_id=user_id,
                first_name=first,
                last_name=last,
                email=f"{first}.{last}@{COMPANY_DOMAIN}".lower(),
                phone=f"{PHONE_PREFIX[region]} {rng.randrange(1000, 9999)}",
                region=region,
                team=team,
                segment=segment,
                time_zone=time_zone,
                hired_at=hired,
                left_at=left_at,
                speed=rng.lognormvariate(0, 0.45),
                persistence=rng.uniform(0.6, 4.2),
                personalization=rng.uniform(0.2, 0.85),
                connect_rate=rng.uniform(0.22, 0.45),
                win_skill=rng.uniform(-0.1, 0.1),
                cycle_factor=rng.uniform(0.8, 1.25),
                churn_factor=1.0,
            )
            if is_fast_closer:
                rep.cycle_factor = 0.25
                rep.win_skill = 0.12
                rep.churn_factor = 14.0
                rep.lead_weight = 1.6
                rep.speed = 0.8
            world.reps.append(rep)
