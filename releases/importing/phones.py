"""Phone numbers as a release writes them, made numbers the directory can dial.

The parser keeps numbers as written. A number written without its country code is read in the
country the release comes from, as its dateline or embargo zone says (“Madrid, 3 de marzo” ->
Spain), and stored with its country code (“611 222 333” -> “+34 611 22 23 33”), so that it is
not mistaken for a number of the newsroom's own region. A number that can be read neither way
is stored as written, with a warning: a phone never makes a whole import fail.
"""

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext as _

from contacts.models import format_phone
from releases.importing.problems import FieldWarning
from releases.importing.vocabulary.places import ZONE_COUNTRIES, country_of_place


def release_country(parsed):
    """The ISO country code the release comes from (its dateline, else its embargo's zone), or None."""
    for part in [parsed.main, *parsed.translations.values()]:
        country = country_of_place(part.dateline_place)
        if country:
            return country
    embargo = parsed.main.embargo_until
    return ZONE_COUNTRIES.get(getattr(embargo.tzinfo, "key", None)) if embargo else None


def as_stored(phone, country):
    """(the number to store, whether it could be read): as written when it dials from the
    newsroom's region, with its country code when it dials in `country`, else as written."""
    if format_phone(phone)[1]:
        return phone, True
    if country and country != settings.NEWSROOM_PHONE_REGION:
        try:
            number = phonenumbers.parse(phone, country)
        except phonenumbers.NumberParseException:
            return phone, False
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL), True
    return phone, False


def unread_phone(name, phone):
    if phone.lstrip().startswith("+"):
        message = _(
            "%(name)s: the number “%(phone)s” does not look like a number of the country its code names; it was "
            "stored as written: check it."
        )
    else:
        message = _(
            "%(name)s: the number “%(phone)s” has no country code and the release does not say which country it "
            "is from; it was stored as written: add its country code."
        )
    return FieldWarning(message % {"name": name, "phone": phone}, "media_contacts")
