"""A press contact as a vCard (3.0, RFC 2426): what address books on phones and desktops import.

Version 3.0 rather than 4.0 because it is what iOS, Android and Outlook all read. Only the
details the public site shows go in: name, role, organisation, phones and email.
"""

from django.utils.text import slugify

LINE_LIMIT = 75  # octets per line before folding (RFC 2426 §2.6)


def escape(value):
    """A text value with the characters vCard gives a meaning escaped: backslash, comma,
    semicolon and line breaks (RFC 2426 §4)."""
    value = str(value or "").replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line):
    """A content line folded at 75 octets, each continuation starting with a space, never
    splitting a UTF-8 character."""
    parts, current = [], ""
    for character in line:
        limit = LINE_LIMIT if not parts else LINE_LIMIT - 1
        if len((current + character).encode()) > limit:
            parts.append(current)
            current = ""
        current += character
    parts.append(current)
    return "\r\n ".join(parts)


def contact_vcard(contact):
    """The vCard of a public contact, as text with CRLF line endings.

    The name goes whole into the given-name part of N: splitting “Lucía Moguel Herrera” into
    given and family names would be a guess (two surnames are usual in Spanish), and address
    books show a whole given name correctly.
    """
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{escape(contact.name)}", f"N:;{escape(contact.name)};;;"]
    if contact.organisation_id:
        lines.append(f"ORG:{escape(contact.organisation.name)}")
    if contact.role:
        lines.append(f"TITLE:{escape(contact.role)}")
    for number in contact.phone_numbers:
        kind = "CELL" if number.kind == "mobile" else "WORK,VOICE"
        lines.append(f"TEL;TYPE={kind}:{escape(number.display)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(contact.email)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def vcard_filename(contact):
    return f"{slugify(contact.name) or 'contact'}.vcf"
