"""Text helpers both apps use."""

import re
import unicodedata


def without_accents_or_case(text):
    """Text with accents removed and case folded, punctuation kept: “MÉXICO, D.F.” -> “mexico, d.f.”."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def folded(text):
    """A name or heading folded for comparison: no case, accents, punctuation or extra spaces.

    “Núcleo de la Sociedad Civil”, “NUCLEO DE LA SOCIEDAD CIVIL” and “Nucleo de la sociedad
    civil.” all fold to “nucleo de la sociedad civil”.
    """
    text = re.sub(r"[^\w\s]", " ", without_accents_or_case(text)).replace("_", " ")
    return " ".join(text.split())
