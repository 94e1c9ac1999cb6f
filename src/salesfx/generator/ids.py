"""Deterministic identifiers: Salesforce-looking 18-character ids and other systems' ids."""

from __future__ import annotations

import random

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

PREFIXES = {
    "user": "005",
    "user_role": "00E",
    "account": "001",
    "contact": "003",
    "lead": "00Q",
    "opportunity": "006",
    "opportunity_history": "008",
    "opportunity_stage": "01J",
    "opportunity_line_item": "00k",
    "product_2": "01t",
    "task": "00T",
    "email_message": "02s",
    "dated_conversion_rate": "04w",
}
_POD = "8c"


def base62(number: int, width: int) -> str:
    digits = []
    while number:
        number, remainder = divmod(number, 62)
        digits.append(BASE62[remainder])
    return "".join(reversed(digits)).rjust(width, "0")


def salesforce_suffix(id15: str) -> str:
    """The 3-character case-safe suffix Salesforce appends to a 15-character id."""
    suffix = ""
    for chunk_start in range(0, 15, 5):
        bits = 0
        for position, char in enumerate(id15[chunk_start : chunk_start + 5]):
            if "A" <= char <= "Z":
                bits |= 1 << position
        suffix += _SUFFIX_ALPHABET[bits]
    return suffix


class SalesforceIds:
    """Sequential 18-character ids per object, e.g. '00Q8c00000XyZ12AAB'."""

    def __init__(self) -> None:
        self._counters: dict[str, int] = {}
        # A fixed start per object, so that two objects' n-th ids differ after the prefix.
        self._offsets = {
            obj: sum(ord(char) * 7**index for index, char in enumerate(obj)) % 62**4
            for obj in PREFIXES
        }

    def new(self, obj: str) -> str:
        prefix = PREFIXES[obj]
        count = self._counters.get(obj, 0) + 1
        self._counters[obj] = count
        # Spread consecutive numbers so ids look like a real org's (not 000...001).
        number = 62**5 * 3 + self._offsets[obj] + count * 7919
        id15 = f"{prefix}{_POD}{base62(number, 10)}"
        return id15 + salesforce_suffix(id15)


def token(rng: random.Random, length: int, alphabet: str = BASE62) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def uuid4(rng: random.Random) -> str:
    """A version-4 UUID string drawn from `rng` (deterministic)."""
    value = rng.getrandbits(128)
    value &= ~(0xF000 << 64)
    value |= 0x4000 << 64
    value &= ~(0xC000 << 48)
    value |= 0x8000 << 48
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
