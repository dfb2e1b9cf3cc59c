#!/usr/bin/env python
"""Fill a newsroom with N published releases, fast, for the benchmarks.

    DATABASE_URL=sqlite:////tmp/newsroom-bench/10000.sqlite3 .venv/bin/python bench/generate.py --releases 10000
    .venv/bin/python bin/with_postgres.py .venv/bin/python bench/generate.py --releases 100000

Migrates the database DATABASE_URL names (which must hold no releases yet), then writes a
directory (publishing organisations and coalitions with their networks, mentioned ones, press
contacts and spokespeople, topics) and N published releases spread over the years
2016-2025 — each with ~600 words of Markdown body, summary points, a background section, a
dateline, 1-2 issuing organisations, 1-2 topics, 0-2 mentioned organisations, 1-2 media contacts
and 2-3 reference links — with bulk inserts in batches, not one save per row. The text is
bench/prose.py's; search words are planted at known rates (prose.COMMON_WORD, prose.RARE_WORD).

Like bench/pages.py, it builds its data with the tests' factories (tests/factories.py), which set
a release's state directly: benchmark data has no editorial history to keep. Bulk inserts send no
signals, so the public index (releases/indexing.py) is then rebuilt from the releases with
`manage.py rebuild_public_index`, and their cards are made (releases/cards.py) with
`manage.py make_cards`, as the newsroom makes them when a release is published.
"""

import argparse
import itertools
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after the project: bench/alerts.py is not the alerts app

import prose  # noqa: E402 - bench/ is on the path only from here

BATCH = 1000
FIRST_DAY = datetime(2016, 1, 1, 9, tzinfo=UTC)
LAST_DAY = datetime(2025, 12, 31, 9, tzinfo=UTC)
ORGANISATION_WORDS = (
    ["Red", "Colectivo", "Observatorio", "Centro", "Frente", "Alianza", "Instituto", "Artículo"],
    ["por los Derechos Digitales", "de Periodistas", "Ciudadano de Transparencia", "de Defensa Legal",
     "por la Libertad de Expresión", "de Datos Abiertos", "contra la Vigilancia", "de Rendición de Cuentas"],
)  # fmt: skip
TOPICS = [
    ("privacidad", "Privacidad y vigilancia", "Privacy and surveillance"),
    ("acceso-informacion", "Acceso a la información", "Access to information"),
    ("datos-abiertos", "Datos abiertos", "Open data"),
    ("derechos-digitales", "Derechos digitales", "Digital rights"),
    ("contrataciones-publicas", "Contrataciones públicas", "Public procurement"),
    ("libertad-expresion", "Libertad de expresión", "Freedom of expression"),
    ("proteccion-periodistas", "Protección a periodistas", "Protection of journalists"),
    ("seguridad-publica", "Seguridad pública", "Public security"),
    ("justicia", "Justicia", "Justice"),
    ("rendicion-cuentas", "Rendición de cuentas", "Accountability"),
]


def setup_django():
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()


def make_directory(rng):
    """Organisations, their networks, people and topics: (publishers, mentioned, contacts, topics)."""
    from contacts.models import Contact, Organisation, OrganisationLink
    from releases.models import Topic

    names = [f"{first} {second}" for first, second in itertools.product(*ORGANISATION_WORDS)]
    rng.shuffle(names)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name_es=name,
            name_en=name,
            short_name="".join(word[0] for word in name.split() if word[0].isupper())[:6],
            slug=f"org-{number}",
            kind=Organisation.Kind.COALITION if number % 7 == 0 else Organisation.Kind.CIVIL_SOCIETY,
            website=f"https://org{number}.example.org",
            is_publisher=number < 30,
            description_es=prose.paragraph(rng),
        )
        for number, name in enumerate(names[:45])
    )
    OrganisationLink.objects.bulk_create(
        OrganisationLink(organisation=organisation, network=network, url=f"https://{host}/org{organisation.pk}",
                         position=position)
        for organisation in organisations
        for position, (network, host) in enumerate([("facebook", "facebook.com"), ("x", "x.com")])
    )  # fmt: skip
    publishers, mentioned = organisations[:30], organisations[30:]
    contacts = Contact.objects.bulk_create(
        Contact(
            name=f"{rng.choice(['Lucía', 'Tomás', 'Ana', 'Mario', 'Sofía', 'Iván'])} "
            f"{rng.choice(['Moguel', 'Severino', 'Herrera', 'Campos', 'Ríos', 'Luna'])} {number}",
            role_es="Prensa" if number % 2 else "Dirección",
            organisation=publishers[number % len(publishers)],
            email=f"persona{number}@org.example.org",
            phone=f"55-{4000 + number:04d}-{rng.randint(1000, 9999)}",
            is_public=bool(number % 2),
        )
        for number in range(120)
    )
    topics = Topic.objects.bulk_create(Topic(slug=slug, name_es=es, name_en=en) for slug, es, en in TOPICS)
    return publishers, mentioned, contacts, topics


def write_releases(count, rng, writer, directory):
    from releases.models import IssuingOrganisation, MediaContact, ReferenceLink, Release
    from tests.factories import unsaved_published_release

    publishers, mentioned, contacts, topics = directory
    press, spokespeople = contacts[1::2], contacts[0::2]
    span = (LAST_DAY - FIRST_DAY).total_seconds()
    start = time.monotonic()
    for first in range(0, count, BATCH):
        numbers = range(first, min(count, first + BATCH))
        issuing_organisations, releases = {}, []
        for number in numbers:
            issuing_organisations[number] = rng.sample(publishers, rng.choice([1, 1, 2]))
            lead = issuing_organisations[number][0]
            title = writer.title(lead.name_es)
            releases.append(
                unsaved_published_release(
                    title_es=title,
                    slug=f"comunicado-{number + 1}",
                    summary_es=writer.summary(),
                    body_es=writer.body(number, lead.website),
                    background_es=writer.background(),
                    dateline_place_es=writer.place(),
                    # Evenly over the years, in the order of their numbers: the newest is the last.
                    published_at=FIRST_DAY + timedelta(seconds=span * (number + 1) / count),
                )
            )
        releases = Release.objects.bulk_create(releases, batch_size=BATCH)
        issuing_rows, topic_rows, mention_rows, media_contacts, links = [], [], [], [], []
        for number, release in zip(numbers, releases, strict=True):
            issuing_rows += [
                IssuingOrganisation(release=release, organisation=organisation, position=position)
                for position, organisation in enumerate(issuing_organisations[number])
            ]
            topic_rows += [
                Release.topics.through(release=release, topic=topic) for topic in rng.sample(topics, rng.choice([1, 2]))
            ]
            mention_rows += [
                Release.mentioned_organisations.through(release=release, organisation=organisation)
                for organisation in rng.sample(mentioned, rng.choice([0, 1, 2]))
            ]
            media_contacts += [
                MediaContact(
                    release=release,
                    press_contact=press[(number + position) % len(press)],
                    spokesperson=spokespeople[(number * 7 + position) % len(spokespeople)],
                    position=position,
                )
                for position in range(rng.choice([1, 2]))
            ]
            links += [
                ReferenceLink(
                    release=release,
                    label_es=f"Documento {position + 1} del expediente",
                    url=f"https://documentos.example.org/{number}/{position}",
                    position=position,
                )
                for position in range(rng.choice([2, 3]))
            ]
        IssuingOrganisation.objects.bulk_create(issuing_rows, batch_size=BATCH)
        Release.topics.through.objects.bulk_create(topic_rows, batch_size=BATCH)
        Release.mentioned_organisations.through.objects.bulk_create(mention_rows, batch_size=BATCH)
        MediaContact.objects.bulk_create(media_contacts, batch_size=BATCH)
        ReferenceLink.objects.bulk_create(links, batch_size=BATCH)
        done = numbers[-1] + 1
        rate = done / (time.monotonic() - start)
        print(f"\r{done:,} of {count:,} releases ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    from releases.models import Release

    call_command("migrate", verbosity=0)
    if Release.objects.exists():
        sys.exit("bench/generate.py: this database already holds releases; give it an empty one.")
    started = time.monotonic()
    rng = random.Random(args.seed)
    writer = prose.Writer(seed=args.seed)
    with transaction.atomic():
        directory = make_directory(rng)
        write_releases(args.releases, rng, writer, directory)
    # Bulk inserts send no signals: the public index is built from the releases, as after an import by SQL.
    indexed = time.monotonic()
    call_command("rebuild_public_index", verbosity=0)
    print(f"public index rebuilt in {time.monotonic() - indexed:.0f} s", file=sys.stderr)
    made = time.monotonic()
    call_command("make_cards", verbosity=0)
    print(f"release cards made in {time.monotonic() - made:.0f} s", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics for the planner, as a live database would have
    published = Release.objects.published()
    print(
        f"{published.count():,} published releases in {connection.vendor} in {time.monotonic() - started:.0f} s; "
        f"'{prose.COMMON_WORD}' in {published.filter(body_es__contains=prose.COMMON_WORD).count():,}, "
        f"'{prose.RARE_WORD}' in {published.filter(body_es__contains=prose.RARE_WORD).count():,}"
    )


if __name__ == "__main__":
    main()
