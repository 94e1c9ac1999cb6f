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
    "group": "00G",  # queues (owners of some leads in a bent export)
}
_POD = "8c"
# Chunk k of a large company numbers its ids from k x BLOCK (chunk 0 from 0): ids stay unique and
# sort by chunk, then by creation.
BLOCK = 62**8
_PAIRS = [a + b for a in BASE62 for b in BASE62]
_UPPER_BITS = str.maketrans({char: "1" if "A" <= char <= "Z" else "0" for char in BASE62})
# Upper-case bits of a base62 digit and of a pair of digits (first digit = lowest bit).
_CHAR_BITS = [int("A" <= char <= "Z") for char in BASE62]
_PAIR_BITS = [_CHAR_BITS[i // 62] | _CHAR_BITS[i % 62] << 1 for i in range(62 * 62)]
_FIVE_DIGITS = 62**5


def base62(number: int, width: int) -> str:
    pairs = []
    while number:
        number, remainder = divmod(number, 3844)
        pairs.append(_PAIRS[remainder])
    return "".join(reversed(pairs)).lstrip("0").rjust(width, "0")


def salesforce_suffix(id15: str) -> str:
    """The 3-character case-safe suffix Salesforce appends to a 15-character id."""
    bits = id15.translate(_UPPER_BITS)
    return (
        _SUFFIX_ALPHABET[int(bits[4::-1], 2)]
        + _SUFFIX_ALPHABET[int(bits[9:4:-1], 2)]
        + _SUFFIX_ALPHABET[int(bits[14:9:-1], 2)]
    )


class SalesforceIds:
    """Sequential 18-character ids per object, e.g. '00Q8c00000XyZ12AAB', in a block of numbers."""

    def __init__(self, block: int = 0) -> None:
        self._counters: dict[str, int] = {}
        self._base = 62**5 * 3 + block * BLOCK
        # A fixed start per object, so that two objects' n-th ids differ after the prefix.
        self._offsets = {
            obj: sum(ord(char) * 7**index for index, char in enumerate(obj)) % 62**4
            for obj in PREFIXES
        }

        self._heads: dict[tuple[str, int], tuple[str, str]] = {}

    def new(self, obj: str) -> str:
        count = self._counters.get(obj, 0) + 1
        self._counters[obj] = count
        # Spread consecutive numbers so ids look like a real org's (not 000...001).
        number = self._base + self._offsets[obj] + count * 7919
        high, low = divmod(number, _FIVE_DIGITS)
        head = self._heads.get((obj, high))
        if head is None:  # the first 10 characters and their 2 suffix characters change rarely
            first10 = f"{PREFIXES[obj]}{_POD}{base62(high, 5)}"
            head = (first10, salesforce_suffix(first10 + "00000")[:2])
            self._heads[(obj, high)] = head
        a, rest = divmod(low, 238_328)
        b, c = divmod(rest, 3844)
        bits = _PAIR_BITS[a] | _CHAR_BITS[b] << 2 | _PAIR_BITS[c] << 3
        return f"{head[0]}{_PAIRS[a]}{BASE62[b]}{_PAIRS[c]}{head[1]}{_SUFFIX_ALPHABET[bits]}"


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


def salesforce_id(obj: str, number: int) -> str:
    """The 18-character id of `obj` for a raw 10-digit base62 number (ids outside the counters)."""
    id15 = f"{PREFIXES[obj]}{_POD}{base62(number, 10)}"
    return id15 + salesforce_suffix(id15)
