"""Email text with a chosen set of Conversica's five personalization elements.

Elements (docs/kpis.md): 1 greeting with the first name on the first line; 2 an individual sender
(not a generic box); 3 a signature with the sender's full name and phone or email; 4 the
person's company or the request's asset named in the subject or body; 5 a question or a
next-step phrase. A body without an element contains nothing that the definition would match:
no '?', no push phrase, no digits in the signature, no company or asset name.
"""

from __future__ import annotations

import random

from salesfx.generator.config import COMPANY_DOMAIN, COMPANY_NAME
from salesfx.generator.model import Rep, pick
from salesfx.generator.reference import GENERIC_MAILBOXES

GENERIC_GREETINGS = ("Hello,", "Hi there,", "Good morning,", "Greetings,")
# Phrases the conversation_push_phrases seed must contain (lower case), one per push line.
PUSH_LINES = (
    ("Would you be open to a short call next week?", "would you be open"),
    ("Could we book a time on Thursday to go through it?", "book a time"),
    ("Happy to schedule a walkthrough with your team.", "schedule"),
    ("Here is my calendar link to pick a slot that suits you.", "calendar"),
    ("What would be the best next step on your side?", "?"),
)
PUSH_PHRASES = ("would you be open", "book a time", "schedule", "calendar")
PLAIN_CONTENT = (
    f"Thanks for your interest in {COMPANY_NAME}. A short overview is attached.",
    f"Following up on your recent visit to our website. An overview of {COMPANY_NAME} is attached.",
    "I have attached a one-page summary of the platform and its pricing model.",
)
PLAIN_CLOSING = (
    "The overview covers security, integrations and pricing.",
    "Our customers usually start with a small team and grow from there.",
    "The summary also lists the integrations most teams use first.",
)
PLAIN_SUBJECTS = ("Following up", "Your request", "Quick note", f"{COMPANY_NAME} overview")
REPLY_BODIES = (
    "Thanks, this is helpful. Tuesday afternoon works for me.",
    "Sounds good. Please send the pricing details.",
    "Thanks for reaching out. Let me check with my team.",
    "Not a priority right now, thanks.",
    "Yes, let's talk. I am free on Wednesday.",
)


def generic_sender(rng: random.Random) -> str:
    return f"{pick(rng, GENERIC_MAILBOXES)}@{COMPANY_DOMAIN}"


def compose(
    rng: random.Random,
    rep: Rep,
    first_name: str,
    company: str | None,
    asset: str | None,
    elements: frozenset[int],
) -> tuple[str, str, str]:
    """(subject, body, from_address) carrying exactly `elements` (1..5)."""
    greeting = f"Hi {first_name}," if 1 in elements else pick(rng, GENERIC_GREETINGS)
    from_address = rep.email if 2 in elements else generic_sender(rng)
    subject = pick(rng, PLAIN_SUBJECTS)
    if 4 in elements:
        use_asset = asset is not None and (company is None or rng.random() < 0.5)
        if use_asset:
            content = f"Thanks for your interest in {asset}. Here is how similar teams use it."
        else:
            content = f"I put together a few notes on how {company} could use {COMPANY_NAME}."
        if rng.random() < 0.3:
            subject = f"Ideas for {company}" if company and not use_asset else f"About {asset}"
    else:
        content = pick(rng, PLAIN_CONTENT)
    push = pick(rng, PUSH_LINES)[0] if 5 in elements else pick(rng, PLAIN_CLOSING)
    if 3 in elements:
        contact = rep.phone if rng.random() < 0.6 else rep.email
        signature = f"Best regards,\n{rep.full_name}\n{contact}"
    else:
        signature = f"Best,\n{rep.first_name}"
    body = "\n".join((greeting, content, push, signature))
    return subject, body, from_address


def automated_email(first_name: str, asset: str) -> tuple[str, str, str]:
    """The marketing tool's instant 'thank you' mail (owned by an automation user)."""
    subject = f"Your copy of {asset}"
    body = (
        f"Hi {first_name},\n"
        f"Thanks for your interest in {asset}. You can download it from the link below.\n"
        f"The {COMPANY_NAME} team"
    )
    return subject, body, f"noreply@{COMPANY_DOMAIN}"
