"""Fixed reference data: names, countries and their spellings, products, stages, form types."""

from __future__ import annotations

from dataclasses import dataclass

FIRST_NAMES = (
    "Aaron Abigail Adrian Aisha Akira Alejandro Alexis Alice Amelia Andrea Angela Anton Arjun "
    "Astrid Beatriz Benjamin Bianca Boris Brandon Brianna Bruno Caleb Camila Carlos Carmen "
    "Caroline Chiara Chloe Claire Connor Daniel Daria Darius Deborah Diego Dmitri Dominic "
    "Eduardo Elena Elias Emily Emma Erik Esther Ethan Fatima Felix Fiona Florian Francesca "
    "Gabriel Gemma George Giulia Grace Hannah Haruto Hector Helena Henrik Hiroshi Hugo Ingrid "
    "Irene Isabel Ivan Jacob James Jasmine Javier Jessica Joanna Jonas Jorge Joseph Julia "
    "Julian Kai Karen Karim Katarina Kenji Kevin Klara Lars Laura Leila Leon Liam Linda Lucas "
    "Lucia Luis Maja Marco Marcus Maria Marta Martin Mateo Matthew Maya Mehmet Mia Michael "
    "Miguel Mila Mohammed Monica Nadia Naomi Natalia Nathan Nikolai Nina Noah Nora Oliver "
    "Olivia Omar Oscar Pablo Patricia Paula Pedro Peter Philipp Priya Rafael Rebecca Ricardo "
    "Robert Rosa Ryan Sakura Samuel Sara Sebastian Sergio Simone Sofia Sophie Stefan Susan "
    "Takumi Tamara Teresa Thomas Tobias Valentina Victor Vivian Walter Wei Xavier Yara Yuki "
    "Yusuf Zara Zoe"
).split()

LAST_NAMES = (
    "Abe Adams Alvarez Andersen Bailey Baker Becker Bennett Bergstrom Brooks Brown Campbell Carter "
    "Castro Chen Clarke Collins Cooper Costa Cruz Davies Dubois Edwards Evans Fischer Fleming Ford "
    "Fournier Garcia Gomez Gonzalez Graham Gray Green Hall Hansen Harris Hayashi Hoffmann Hughes "
    "Inoue Ito Jackson Jensen Johansson Johnson Jones Kato Keller Kelly Kim King Klein Kobayashi "
    "Koch Kowalski Larsen Laurent Lee Lewis Lopez Martin Martinez Matsumoto Meyer Miller Mitchell "
    "Moreau Morgan Morris Muller Murphy Nakamura Nelson Nguyen Nielsen Novak Ortiz Parker Patel "
    "Perez Peterson Petrov Phillips Quinn Ramirez Reed Reyes Richter Rivera Roberts Robinson Rossi "
    "Russo Saito Sanchez Santos Sato Schmidt Schneider Schulz Scott Silva Singh Smith Sousa "
    "Stewart Suzuki Takahashi Tanaka Taylor Thompson Torres Turner Walker Wang Watanabe Weber "
    "White Williams Wilson Wood Wright Yamamoto Young Zimmermann"
).split()

COMPANY_WORDS_A = (
    "Apex Arctic Aurora Beacon Blue Bright Cedar Cobalt Copper Crimson Crystal Delta Echo Ember "
    "Evergreen Falcon Golden Granite Harbor Horizon Iron Jade Juniper Keystone Lumen Maple "
    "Meridian Nimbus Oak Onyx Orbit Pacific Pinnacle Polar Prism Quantum Redwood Sapphire Sierra "
    "Silver Solar Spruce Summit Terra Titan Vertex Willow Zenith"
).split()
COMPANY_WORDS_B = (
    "",
    "",
    "",
    "",
    "River",
    "Peak",
    "Bay",
    "Stone",
    "Field",
    "Bridge",
    "Point",
    "Ridge",
    "Lake",
    "Valley",
    "Crest",
)
COMPANY_WORDS_C = (
    "Logistics Health Foods Systems Retail Labs Energy Capital Insurance Media Robotics Pharma "
    "Motors Telecom Software Foundry Logistics Analytics Networks Biotech Consulting Outfitters "
    "Manufacturing Textiles Holdings Airlines Shipping Brewing Dynamics Solutions Partners Metals "
    "Farms Games Hotels Mobility Payments Learning Security"
).split()

COMPANY_WORDS_D = (
    "Group Global International Works Collective Ventures Industries Company Alliance Network "
    "Studio Services Enterprises Systems Technologies"
).split()

INDUSTRIES = (
    "Technology",
    "Financial Services",
    "Healthcare",
    "Retail",
    "Manufacturing",
    "Media",
    "Logistics",
    "Education",
    "Energy",
    "Telecommunications",
)

JOB_TITLES = (
    "CEO",
    "CTO",
    "CFO",
    "VP Sales",
    "VP Marketing",
    "Head of Data",
    "Director of IT",
    "IT Manager",
    "Data Analyst",
    "Operations Manager",
    "Security Engineer",
    "Product Manager",
    "Marketing Manager",
    "Revenue Operations Lead",
    "Software Engineer",
    "Procurement Manager",
)


@dataclass(frozen=True)
class Country:
    code: str
    region: str
    currency: str
    tld: str
    weight: float
    spellings: tuple[tuple[str, float], ...]


COUNTRIES: tuple[Country, ...] = (
    Country(
        "US",
        "AMER",
        "USD",
        "com",
        120,
        (
            ("United States", 40),
            ("US", 18),
            ("USA", 15),
            ("United States of America", 6),
            ("united states ", 5),
            ("U.S.", 5),
            ("us", 3),
            ("U.S.A.", 2),
        ),
    ),
    Country("CA", "AMER", "USD", "ca", 20, (("Canada", 70), ("CA", 20), ("canada", 10))),
    Country("BR", "AMER", "USD", "com.br", 8, (("Brazil", 70), ("Brasil", 20), ("BR", 10))),
    Country("MX", "AMER", "USD", "com.mx", 7, (("Mexico", 75), ("México", 15), ("MX", 10))),
    Country(
        "GB",
        "EMEA",
        "GBP",
        "co.uk",
        35,
        (
            ("United Kingdom", 45),
            ("UK", 25),
            ("Great Britain", 10),
            ("GB", 8),
            ("England", 7),
            ("U.K.", 5),
        ),
    ),
    Country(
        "DE",
        "EMEA",
        "EUR",
        "de",
        30,
        (("Germany", 60), ("Deutschland", 20), ("DE", 12), ("germany ", 8)),
    ),
    Country("FR", "EMEA", "EUR", "fr", 18, (("France", 85), ("FR", 15))),
    Country(
        "NL",
        "EMEA",
        "EUR",
        "nl",
        10,
        (("Netherlands", 60), ("The Netherlands", 20), ("Holland", 10), ("NL", 10)),
    ),
    Country("ES", "EMEA", "EUR", "es", 6, (("Spain", 75), ("España", 15), ("ES", 10))),
    Country("CH", "EMEA", "CHF", "ch", 0, (("Switzerland", 70), ("Schweiz", 20), ("CH", 10))),
    Country("JP", "APAC", "JPY", "co.jp", 35, (("Japan", 70), ("JP", 20), ("japan", 10))),
    Country("AU", "APAC", "USD", "com.au", 25, (("Australia", 75), ("AU", 15), ("Aus", 10))),
    Country("SG", "APAC", "USD", "sg", 12, (("Singapore", 85), ("SG", 15))),
)
COUNTRIES_BY_CODE = {country.code: country for country in COUNTRIES}
# Spellings that map to no country (reported as unknown by staging).
UNKNOWN_COUNTRY_SPELLINGS = ("Atlantis", "N/A", "Earth")

REGIONS = ("AMER", "EMEA", "APAC")
# (region, segment, reps at scale 1)
TEAMS: tuple[tuple[str, str, int], ...] = (
    ("AMER", "Enterprise", 6),
    ("AMER", "Mid-Market", 7),
    ("AMER", "SMB", 6),
    ("EMEA", "Enterprise", 5),
    ("EMEA", "Mid-Market", 6),
    ("APAC", "Enterprise", 5),
    ("APAC", "Mid-Market", 5),
)
TIME_ZONES = {
    "AMER": ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
    "EMEA": ("Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Madrid"),
    "APAC": ("Asia/Tokyo", "Australia/Sydney", "Asia/Singapore"),
}
# Rough UTC offset of a region's working day (hours), for realistic submission times.
REGION_UTC_OFFSET = {"AMER": -6, "EMEA": 1, "APAC": 9}


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    family: str
    edition_rank: int | None
    list_price_usd: float  # per unit and year (one-time services: per unit)
    recurring: bool


PRODUCTS: tuple[Product, ...] = (
    Product("ANL-STD", "Analytics Starter", "Analytics", 1, 480.0, True),
    Product("ANL-PRO", "Analytics Professional", "Analytics", 2, 960.0, True),
    Product("ANL-ENT", "Analytics Enterprise", "Analytics", 3, 1800.0, True),
    Product("AUT-STD", "Automation Starter", "Automation", 1, 720.0, True),
    Product("AUT-PRO", "Automation Professional", "Automation", 2, 1440.0, True),
    Product("SEC-STD", "Security Starter", "Security", 1, 420.0, True),
    Product("SEC-PRO", "Security Professional", "Security", 2, 900.0, True),
    Product("SEC-ENT", "Security Enterprise", "Security", 3, 1680.0, True),
    Product("SVC-IMP", "Implementation Services", "Services", None, 12000.0, False),
    Product("SVC-TRN", "Training Workshop", "Services", None, 2500.0, False),
    Product("SVC-SUP", "Premium Support", "Services", None, 6000.0, True),
)
PRODUCTS_BY_CODE = {product.code: product for product in PRODUCTS}
EDITION_FAMILIES = ("Analytics", "Automation", "Security")
# A soft-deleted product that was never sold (anomaly: is_deleted in product_2).
DELETED_PRODUCT = Product("LEG-RPT", "Legacy Reporting Pack", "Analytics", None, 300.0, False)


@dataclass(frozen=True)
class Stage:
    name: str
    sort_order: int
    is_closed: bool
    is_won: bool
    probability: float
    forecast_category: str


STAGES: tuple[Stage, ...] = (
    Stage("Prospecting", 1, False, False, 10.0, "Pipeline"),
    Stage("Qualification", 2, False, False, 20.0, "Pipeline"),
    Stage("Needs Analysis", 3, False, False, 40.0, "Pipeline"),
    Stage("Proposal", 4, False, False, 60.0, "Best Case"),
    Stage("Negotiation", 5, False, False, 80.0, "Commit"),
    Stage("Closed Won", 6, True, True, 100.0, "Closed"),
    Stage("Closed Lost", 7, True, False, 0.0, "Omitted"),
)
OPEN_STAGES = STAGES[:5]
WON_STAGE = STAGES[5]
LOST_STAGE = STAGES[6]

# Currency rates: units per 1 USD at the start of 2024 and the monthly drift range.
RATE_START = {"EUR": 0.92, "GBP": 0.79, "JPY": 148.0}
# A month with no rate row (anomaly: an amount at a date with no rate).
RATE_GAP = ("JPY", 2025, 3)
# A currency that has no rate at all (anomaly).
UNRATED_CURRENCY = "CHF"
UNRATED_CURRENCY_PER_USD = 0.89

# Form types: (form_type, warmth, share of first submissions)
FORM_TYPES: tuple[tuple[str, str, float], ...] = (
    ("demo_request", "hot", 12),
    ("contact_sales", "hot", 7),
    ("pricing_request", "hot", 6),
    ("free_trial", "warm", 10),
    ("webinar_registration", "warm", 15),
    ("whitepaper_download", "cold", 18),
    ("ebook_download", "cold", 17),
    ("newsletter_signup", "cold", 13),
)
WARMTH_BY_FORM_TYPE = {form_type: warmth for form_type, warmth, _ in FORM_TYPES}
# Form types nobody mapped yet (anomaly: warmth 'unclassified').
UNMAPPED_FORM_TYPES = ("partner_referral", "event_badge_scan")

ASSETS: dict[str, tuple[str, ...]] = {
    "demo_request": ("Analytics demo", "Automation demo", "Security demo"),
    "contact_sales": ("Contact sales",),
    "pricing_request": ("Pricing page",),
    "free_trial": ("Analytics free trial", "Automation free trial"),
    "webinar_registration": (
        "Webinar: Forecasting with AI",
        "Webinar: Zero-Trust in Practice",
        "Webinar: Automating RevOps",
    ),
    "whitepaper_download": (
        "Whitepaper: The State of Sales Analytics",
        "Whitepaper: Security for Growing Teams",
    ),
    "ebook_download": ("The Sales Analytics Playbook", "The Workflow Automation Guide"),
    "newsletter_signup": ("Monthly newsletter",),
    "partner_referral": ("Partner portal",),
    "event_badge_scan": ("SaaStr booth", "Web Summit booth"),
}
FORM_PAGES = {
    "demo_request": "/demo",
    "contact_sales": "/contact-sales",
    "pricing_request": "/pricing",
    "free_trial": "/trial",
    "webinar_registration": "/webinars",
    "whitepaper_download": "/resources/whitepapers",
    "ebook_download": "/resources/ebooks",
    "newsletter_signup": "/newsletter",
    "partner_referral": "/partners/refer",
    "event_badge_scan": "/events",
}
UTM_CHANNELS: tuple[tuple[str | None, str | None, float], ...] = (
    ("google", "cpc", 30),
    ("linkedin", "paid_social", 20),
    ("newsletter", "email", 15),
    ("google", "organic", 20),
    (None, None, 15),
)

CALL_DISPOSITIONS_CONNECTED = (("Connected", 82), ("connected ", 10), ("CONNECTED", 8))
CALL_DISPOSITIONS_NOT_CONNECTED = (
    ("Left Voicemail", 42),
    ("No Answer", 34),
    ("Busy", 10),
    ("Wrong Number", 6),
    ("Gatekeeper", 8),
)
GENERIC_MAILBOXES = ("sales", "info", "noreply", "hello", "team")
