"""Load the demo newsroom: an invented coalition, its members, people and releases.

Objects are looked up by their natural keys (slugs, emails) and only created when missing,
so running the command again changes nothing, and editing a demo release by hand survives a
second run. Pictures are drawn with Pillow, so the demo needs no files from anywhere.
"""

import io
import json
import random
from datetime import datetime
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from contacts.models import Contact, Membership, Organisation, OrganisationLink
from releases.models import IssuingOrganisation, MediaContact, ReferenceLink, Release, Topic

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "newsroom.json"
LANGUAGES = ("es", "en")


def translated(field, values):
    """{"es": "…", "en": "…"} -> {"title_es": "…", "title_en": "…"} (None for a missing translation)."""
    values = values or {}
    return {f"{field}_{language}": values.get(language) or "" for language in LANGUAGES}


def _rgb(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def draw_logo(colour, initials):
    image = Image.new("RGB", (400, 400), _rgb(colour))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=150 if len(initials) <= 3 else 110)
    draw.text((200, 200), initials, fill="white", font=font, anchor="mm")
    return _png(image)


def draw_illustration(colour, seed):
    """An abstract 1200×630 picture (the size link previews use) in the release's colour."""
    width, height = 1200, 630
    base = _rgb(colour)
    image = Image.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = y / height * 0.45
        draw.line([(0, y), (width, y)], fill=tuple(int(c + (255 - c) * shade) for c in base))
    rng = random.Random(seed)  # noqa: S311 - decoration, not security
    for _ in range(14):
        radius = rng.randint(40, 220)
        x, y = rng.randint(0, width), rng.randint(0, height)
        tone = tuple(min(255, int(c * rng.uniform(0.5, 1.6))) for c in base)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=tone, width=rng.randint(4, 18))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Load the demo newsroom (invented organisations, people and releases). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the newsroom already has releases."
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Release.objects.exists():
            self.stdout.write("The newsroom already has releases; the demo was not loaded again.")
            return
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        with transaction.atomic():
            topics = self.load_topics(data["topics"])
            organisations = self.load_organisations(data["organisations"])
            contacts = self.load_contacts(data["contacts"], organisations)
            created = self.load_releases(data["releases"], topics, organisations, contacts)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo newsroom ready: {len(organisations)} organisations, {len(contacts)} contacts, "
                f"{len(data['releases'])} releases ({created} new)."
            )
        )

    def load_topics(self, rows):
        topics = {}
        for row in rows:
            topics[row["slug"]], _ = Topic.objects.get_or_create(
                slug=row["slug"], defaults=translated("name", row["name"])
            )
        return topics

    def load_organisations(self, rows):
        organisations = {}
        for row in rows:
            organisation, created = Organisation.objects.get_or_create(
                slug=row["slug"],
                defaults={
                    **translated("name", row["name"]),
                    **translated("description", row.get("description")),
                    "short_name": row.get("short_name", ""),
                    "kind": row["kind"],
                    "website": row.get("website", ""),
                    "is_publisher": row.get("is_publisher", False),
                },
            )
            if created and row.get("logo"):
                logo = draw_logo(row["logo"]["colour"], row["logo"]["initials"])
                organisation.logo.save(f"{organisation.slug}.png", ContentFile(logo), save=True)
            for position, link in enumerate(row.get("links", [])):
                OrganisationLink.objects.get_or_create(
                    organisation=organisation,
                    url=link["url"],
                    defaults={"network": link["network"], "position": position},
                )
            organisations[row["slug"]] = organisation
        for row in rows:
            for member in row.get("members", []):
                Membership.objects.get_or_create(coalition=organisations[row["slug"]], member=organisations[member])
        return organisations

    def load_contacts(self, rows, organisations):
        contacts = {}
        for row in rows:
            defaults = {
                **translated("role", row.get("role")),
                "organisation": organisations.get(row.get("organisation")),
                "phone": row.get("phone", ""),
                "mobile": row.get("mobile", ""),
                "is_public": row.get("is_public", False),
            }
            if row.get("email"):
                contact, _ = Contact.objects.get_or_create(
                    email=row["email"].lower(), defaults={"name": row["name"], **defaults}
                )
            else:
                contact, _ = Contact.objects.get_or_create(name=row["name"], email="", defaults=defaults)
            contacts[row["key"]] = contact
        return contacts

    def load_releases(self, rows, topics, organisations, contacts):
        created_count = 0
        for row in rows:
            fields = {
                "status": row["status"],
                "published_at": datetime.fromisoformat(row["published_at"]) if row.get("published_at") else None,
                "summary_es": "\n".join((row["summary"] or {}).get("es") or []),
                "summary_en": "\n".join((row["summary"] or {}).get("en") or []),
            }
            for field in ("title", "body", "background", "dateline_place"):
                fields.update(translated(field, row.get(field)))
            image = row.get("featured_image")
            if image:
                fields.update(translated("featured_image_alt", image.get("alt")))
                fields["featured_image_credit"] = image.get("credit", "")
            release, created = Release.objects.get_or_create(slug=row["slug"], defaults=fields)
            if not created:
                continue
            created_count += 1
            if image:
                picture = draw_illustration(image["colour"], release.slug)
                release.featured_image.save(f"{release.slug}.jpg", ContentFile(picture), save=True)
            for position, slug in enumerate(row.get("issuing_organisations", [])):
                IssuingOrganisation.objects.create(release=release, organisation=organisations[slug], position=position)
            release.mentioned_organisations.set(
                [organisations[slug] for slug in row.get("mentioned_organisations", [])]
            )
            release.topics.set([topics[slug] for slug in row.get("topics", [])])
            for position, pair in enumerate(row.get("media_contacts", [])):
                MediaContact.objects.create(
                    release=release,
                    press_contact=contacts[pair["press_contact"]],
                    spokesperson=contacts.get(pair.get("spokesperson")),
                    position=position,
                )
            for position, link in enumerate(row.get("links", [])):
                ReferenceLink.objects.create(
                    release=release, url=link["url"], position=position, **translated("label", link.get("label"))
                )
        return created_count
