"""Bend classes about who owns records: queues and deleted users, a deeper role hierarchy."""

from __future__ import annotations

from datetime import datetime

from salesfx.generator.bend.common import (
    RESERVED_FOR_ADDED_ROWS,
    RESERVED_FOR_DELETED_USERS,
    RESERVED_FOR_QUEUES,
    Context,
    Tables,
    current_rows,
    reserved_ids,
    share,
)
from salesfx.generator.config import COMPANY_DOMAIN
from salesfx.generator.model import Row, plus

QUEUES = 3
DELETED_USERS = 4
# Share of the open (unconverted) leads whose owner changes; a quarter each to the four kinds.
OWNER_SHARE = 0.08
INTEGRATION_USER = 1  # index in the automation users: 'Integration User'


def queue_ids() -> list[str]:
    ids = reserved_ids(RESERVED_FOR_QUEUES)
    return [ids.new("group") for _ in range(QUEUES)]


def deleted_user_ids() -> list[str]:
    """'005' ids of users that were deleted: no row in the user table."""
    ids = reserved_ids(RESERVED_FOR_DELETED_USERS)
    return [ids.new("user") for _ in range(DELETED_USERS)]


def queue_owners(tables: Tables, context: Context) -> None:
    """Some unconverted leads are owned by a queue ('00G'), a deleted user or the integration
    user. Tasks keep their owners, so the follow-ups do not change."""
    leads = tables.get("salesforce.lead")
    if not leads:
        return
    rng = context.rng("queue_owners")
    queues, deleted = queue_ids(), deleted_user_ids()
    integration = context.reference.automation_user_ids[INTEGRATION_USER]
    current = current_rows(leads)
    unconverted = sorted(lead_id for lead_id, row in current.items() if not row["is_converted"])
    owners: dict[str, str] = {}
    for number, lead_id in enumerate(share(rng, unconverted, OWNER_SHARE)):
        kind = number % 4
        if kind < 2:
            owners[lead_id] = queues[rng.randrange(QUEUES)]
        elif kind == 2:
            owners[lead_id] = deleted[rng.randrange(DELETED_USERS)]
        else:
            owners[lead_id] = integration
    for row in leads:
        if row["id"] in owners:
            row["owner_id"] = owners[row["id"]]


# (first name, last name, role: 'CEO' / 'Sales' / None, manager: key of another of these users)
TOP_USERS = (
    ("Evelyn", "Hartwell", "CEO", None),
    ("Dana", "Okonkwo", "Sales", "ceo"),
    ("Riley", "Vance", None, "vp"),
)
TOP_USER_KEYS = ("ceo", "vp", "ops")


def deep_roles(tables: Tables, context: Context) -> None:
    """A 'CEO' role above the root 'Sales' role, a CEO and a VP Sales above the region managers,
    and a sales-operations user without a role. None of them owns a record."""
    roles = tables.get("salesforce.user_role")
    users = tables.get("salesforce.user")
    if not roles or users is None:
        return
    ids = reserved_ids(RESERVED_FOR_ADDED_ROWS)
    root = next(role for role in roles if role["parent_role_id"] is None)
    ceo_role = ids.new("user_role")
    roles.append(
        {
            "id": ceo_role,
            "name": "CEO",
            "parent_role_id": None,
            "_fivetran_synced": root["_fivetran_synced"],
        }
    )
    for role in roles:
        if role["id"] == root["id"]:
            role["parent_role_id"] = ceo_role
    role_ids = {"CEO": ceo_role, "Sales": root["id"]}
    start = context.config.start
    added: dict[str, str] = {}
    for key, (first, last, role, manager) in zip(TOP_USER_KEYS, TOP_USERS, strict=True):
        added[key] = ids.new("user")
        users.append(
            _user(
                added[key], first, last, role_ids.get(role or ""), added.get(manager or ""), start
            )
        )
    region_roles = {role["id"] for role in roles if role["parent_role_id"] == root["id"]}
    for user in users:
        if user["user_role_id"] in region_roles:
            user["manager_id"] = added["vp"]


def _user(
    user_id: str,
    first: str,
    last: str,
    role_id: str | None,
    manager_id: str | None,
    start: datetime,
) -> Row:
    return {
        "id": user_id,
        "first_name": first,
        "last_name": last,
        "name": f"{first} {last}",
        "email": f"{first}.{last}@{COMPANY_DOMAIN}".lower(),
        "user_role_id": role_id,
        "manager_id": manager_id,
        "user_type": "Standard",
        "is_active": True,
        "time_zone_sid_key": "America/New_York",
        "created_date": start,
        "_fivetran_synced": plus(start, hours=3),
    }
