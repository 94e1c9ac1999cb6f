"""The sales organization: role hierarchy, reps, managers and automation users."""

from __future__ import annotations

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


def build_org(world: World) -> None:
    rng = world.rng("org")
    config = world.config
    start = config.start
    roles = world.rows("salesforce.user_role")
    users = world.rows("salesforce.user")

    def add_role(name: str, parent: str | None) -> str:
        role_id = world.ids.new("user_role")
        world.role_ids[name] = role_id
        roles.append(
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

    used_names: set[tuple[str, str]] = {FAST_CLOSER_NAME}

    def new_name() -> tuple[str, str]:
        while True:
            name = (pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES))
            if name not in used_names:
                used_names.add(name)
                return name

    def add_user(
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
        users.append(
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

    for region in REGIONS:
        first, last = new_name()
        world.managers[region] = add_user(
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
            add_user(first, last, None, None, "AutomatedProcess", "America/Los_Angeles", start)
        )

    end = config.end
    for region, segment, reps_at_scale_1 in TEAMS:
        team = f"{region} {segment}"
        count = config.scaled(reps_at_scale_1)
        for index in range(count):
            is_fast_closer = team == FAST_CLOSER_TEAM and index == 0
            first, last = FAST_CLOSER_NAME if is_fast_closer else new_name()
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
