"""What English-language press releases write around their text, as organisations write it.

Phrases are folded (lower case, no accents or punctuation: `newsroom.text.folded`), which is
how the parser compares them; the entries that are regular expressions say so.
"""

# Lines above the headline that say what kind of document this is.
LABELS = (
    "press release", "news release", "media release", "press statement", "media statement", "joint statement",
    "joint press release", "statement", "public statement", "press note", "media advisory", "news advisory",
    "press advisory", "media alert", "for immediate release", "immediate release", "for release immediately",
    "for immediate use", "release", "open letter", "press communique", "communique", "media communique",
    "joint communique", "press briefing", "media briefing", "photo opportunity", "photocall", "news alert",
    "for immediate distribution", "immediate distribution", "official statement", "press notice",
)  # fmt: skip
# Regular expressions: what opens an embargo line ("EMBARGOED UNTIL 00:01 BST ...").
EMBARGO_OPENERS = (
    r"embargoed\s+(?:until|till|to|for)", r"embargo(?:ed)?\s*(?:until|till)?\s*:", r"under\s+embargo\s+until",
    r"embargo\s+until", r"strictly\s+embargoed\s+(?:until|till)",
    r"not\s+for\s+(?:publication|release|broadcast)[\w\s,]*?\s+(?:before|until)", r"hold\s+for\s+release\s+until",
    r"for\s+release\s+(?:at|on)", r"for\s+release\s*:",
)  # fmt: skip
BACKGROUND_HEADINGS = (
    "background", "context", "notes to editors", "note to editors", "notes for editors", "editor s notes",
    "editors notes", "editors note", "notes for journalists", "notes to editor", "about us", "boilerplate",
    "fact sheet", "factsheet", "key facts", "key figures", "facts and figures", "quick facts", "fast facts",
    "notes", "at a glance", "the facts",
    "background information", "notes for media", "notes to media", "information for editors",
)  # fmt: skip
ABOUT_OPENERS = ("about",)
CONTACT_HEADINGS = (
    "media contact", "media contacts", "press contact", "press contacts", "contact", "contacts", "media enquiries",
    "media inquiries", "press enquiries", "press inquiries", "enquiries", "inquiries", "press", "media",
    "press office", "for media queries", "media queries", "for media enquiries", "for media inquiries",
    "for more information contact", "for more information please contact", "for further information please contact",
    "for further information contact", "for further details contact", "for further details please contact",
    "please contact", "contact information", "contact details", "press officer", "interviews", "for interviews",
    "interview requests", "media enquiries and interviews", "media inquiries and interviews", "for details",
    "for more details", "details",
)  # fmt: skip
MORE_INFORMATION_HEADINGS = (
    "for more information", "more information", "for further information", "further details",
    "for further details", "additional information", "more info",
)  # fmt: skip
LINK_HEADINGS = (
    "links", "further reading", "further information", "useful links", "links and resources", "resources",
    "references", "related links", "read more", "materials", "media materials", "downloads", "documents",
    "learn more", "find out more", "press materials", "multimedia",
)  # fmt: skip
SIGN_OFFS = (
    "sincerely", "yours sincerely", "yours faithfully", "regards", "kind regards", "signed", "signed by",
    "signatories", "signatory organisations", "signatory organizations", "issued by", "released by",
    "on behalf of", "sd", "convened by", "organised by", "organized by", "hosted by", "endorsed by",
    "co signed by", "cosigned by", "jointly issued by", "authorised by", "authorized by",
)  # fmt: skip
FOLLOW_US = (
    "follow us", "follow us on", "find us at", "visit us at", "like us on", "follow us on social media", "find us on",
    "connect with us", "social media",
)  # fmt: skip
INTERVIEW_OPENERS = (
    r"(?:rsvps?\s+(?:and|&)\s+)?(?:media\s+)?interview\s+requests?\s+(?:for|with)",
    r"(?:for|to\s+(?:arrange|request|schedule|set\s+up)(?:\s+an?)?)\s+interviews?\s+with",
    r"(?:media\s+(?:enquiries|inquiries)\s+and\s+)?interview\s+requests?\s+(?:for|with)",
    r"for\s+interview\s+requests?\s+(?:for|with)",
)  # fmt: skip
SPOKESPEOPLE_HEADINGS = (
    "spokespeople", "spokespersons", "available for interview", "available for interviews", "interviewees",
    "spokespeople available", "spokespeople available for interview", "experts available for interview",
)  # fmt: skip
AVAILABLE_FOR_INTERVIEW = (
    r"(?:is|are|will\s+be)\s+available\s+(?:for|to\s+(?:give|do|take))\s+(?:media\s+|broadcast\s+)?"
    r"(?:interviews?|comment|briefings?)",
)
CONTACT_VERBS = (r"(?:please\s+)?(?:contact|call|e-?mail|get\s+in\s+touch\s+with|reach|speak\s+to|write\s+to)",)
ENVELOPE_LABELS = {
    "from": "from", "sender": "from", "to": "to", "cc": "to", "bcc": "to", "reply to": "to", "date": "date",
    "sent": "date", "subject": "subject",
}  # fmt: skip
SUBJECT_LABELS = ("urgent", "embargoed", "embargo", "news", "media", "press", "release")
DATE_LABELS = ("date", "dated", "issued", "released", "published", "issue date", "release date")
DETAIL_LABELS = (
    "t", "m", "e", "tel", "telephone", "phone", "ph", "mobile", "mob", "cell", "cellphone", "email", "e mail", "mail",
    "office", "direct", "direct line", "out of hours", "after hours", "landline", "whatsapp", "fax", "on", "at", "or",
)  # fmt: skip
MOBILE_LABELS = ("m", "mobile", "mob", "cell", "cellphone", "whatsapp")
CONTACT_COLUMNS = {
    "name": "name", "contact": "name", "spokesperson": "name", "designation": "role", "role": "role",
    "position": "role", "title": "role", "job title": "role", "organisation": "organisation",
    "organization": "organisation", "phone": "phone", "telephone": "phone", "tel": "phone", "office": "phone",
    "mobile": "mobile", "cell": "mobile", "email": "email", "e mail": "email",
}  # fmt: skip
ROLE_WORDS = (
    "director", "head", "manager", "officer", "coordinator", "spokesperson", "spokesman", "spokeswoman", "press",
    "communications", "communication", "media", "campaigner", "researcher", "executive", "president", "chair",
    "chairperson", "chairman", "chairwoman", "ceo", "lead", "senior", "chief", "adviser", "advisor", "advocacy",
    "policy", "programme", "program", "programs", "programmes", "research", "relations", "public", "affairs",
    "analyst", "convenor", "organiser", "organizer", "secretary", "deputy", "assistant", "associate", "staff",
    "attorney", "lawyer", "counsel", "founder", "member", "trustee", "representative", "specialist", "strategist",
    "campaigns", "digital", "external", "national", "regional",
)  # fmt: skip
HONORIFICS = ("dr", "prof", "advocate", "adv", "ms", "mr", "mrs", "miss", "mx", "hon", "rev", "sir", "dame")
ORGANISATION_WORDS = (
    "association", "foundation", "network", "coalition", "alliance", "union", "institute", "centre", "center",
    "forum", "trust", "society", "council", "committee", "commission", "campaign", "project", "collective", "watch",
    "federation", "league", "group", "movement", "initiative", "partnership", "fund", "charity", "organisation",
    "organization", "inc", "ltd", "llc", "cic", "clinic", "lab", "laboratory", "observatory", "coordination",
    "samiti", "sangh", "sangathan", "collaborative", "agency", "university", "school", "action", "front",
)  # fmt: skip
OFFICE_WORDS = ("department", "office", "team", "unit", "desk")
FUNCTION_WORDS = ("of", "the", "for", "and", "in", "on", "to", "at", "a", "an")
LANGUAGE_MARKERS = ("english", "english version", "in english", "english translation", "english text")
LANGUAGE_NOTES = (
    "english below", "english version below", "english follows", "see below for english", "scroll down for english",
    "spanish below", "spanish version below", "english translation below",
)  # fmt: skip
# Frequent words, to tell the language of a text (separated by spaces).
COMMON_WORDS = (
    "the of and to in that is for on with as by are was this it from at be an has have had which their its were "
    "will not but or they been we our who said would after into than these those there about more also can could "
    "should"
)
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
)  # fmt: skip
ZONE_WORDS = {
    "uk time": "Europe/London", "london time": "Europe/London", "british time": "Europe/London",
    "irish time": "Europe/Dublin", "eastern time": "America/New_York", "central time": "America/Chicago",
    "mountain time": "America/Denver", "pacific time": "America/Los_Angeles", "mexico city time": "America/Mexico_City",
    "madrid time": "Europe/Madrid", "central european time": "Europe/Madrid", "east africa time": "Africa/Nairobi",
    "nairobi time": "Africa/Nairobi", "south african time": "Africa/Johannesburg", "india time": "Asia/Kolkata",
    "indian standard time": "Asia/Kolkata", "toronto time": "America/Toronto", "vancouver time": "America/Vancouver",
    "bogota time": "America/Bogota", "lima time": "America/Lima", "buenos aires time": "America/Argentina/Buenos_Aires",
    "santiago time": "America/Santiago", "atlantic time": "America/Halifax", "hawaii time": "Pacific/Honolulu",
    "alaska time": "America/Anchorage", "australian eastern time": "Australia/Sydney",
    "australian eastern daylight time": "Australia/Sydney", "australian eastern standard time": "Australia/Brisbane",
    "new zealand daylight time": "Pacific/Auckland", "new zealand time": "Pacific/Auckland",
    "nz time": "Pacific/Auckland", "west africa time": "Africa/Lagos", "central africa time": "Africa/Maputo",
    "eastern european time": "Europe/Athens",
    "british summer time": "Europe/London", "philippine time": "Asia/Manila", "philippine standard time": "Asia/Manila",
    "indochina time": "Asia/Bangkok", "jamaica time": "America/Jamaica", "caribbean time": "America/Puerto_Rico",
}  # fmt: skip
