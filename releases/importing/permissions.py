"""What an import may add to the directory: organisations, people and topics a file names that
the directory lacks, each only with the permission to add it in the admin.

The upload's preview asks releases.importing.service.new_entries what a file would add; the
import checks what it created (Directory.new_entries), and the transaction undoes it when the
user may not. Who may create or update the release itself, and what an import may do to its
state, are the workflow's rules (releases/services/importing.py).
"""

from django.utils.translation import ngettext_lazy

from contacts.models import Contact, Organisation
from releases.importing.records import ImportRefused
from releases.models import Topic

# What an import may add to the directory only with the permission to add it in the admin.
NEW_ENTRY_RULES = [
    (
        Organisation,
        "contacts.add_organisation",
        ngettext_lazy(
            "This file names an organisation that is not in the directory yet: %(names)s. Only someone who "
            "may add organisations can import it; ask an administrator to add it first.",
            "This file names organisations that are not in the directory yet: %(names)s. Only someone who "
            "may add organisations can import it; ask an administrator to add them first.",
            "count",
        ),
    ),
    (
        Contact,
        "contacts.add_contact",
        ngettext_lazy(
            "This file names a person who is not in the contacts yet: %(names)s. Only someone who may add "
            "contacts can import it; ask an editor to add them first.",
            "This file names people who are not in the contacts yet: %(names)s. Only someone who may add "
            "contacts can import it; ask an editor to add them first.",
            "count",
        ),
    ),
    (
        Topic,
        "releases.add_topic",
        ngettext_lazy(
            "This file names a topic that does not exist yet: %(names)s. Only someone who may add topics can "
            "import it; ask an editor to add it first.",
            "This file names topics that do not exist yet: %(names)s. Only someone who may add topics can "
            "import it; ask an editor to add them first.",
            "count",
        ),
    ),
]


def new_entries_refusal(*, user, entries):
    """Why `user` may not import a file that adds `entries` to the directory ({model: [names]},
    from Directory.new_entries or releases.importing.service.new_entries), or None when they
    may: in one line, what they may not add, as the admin would not let them add it either.
    Without a user (the command line) nothing is refused."""
    if user is None:
        return None
    refusals = [
        message % {"count": len(names), "names": ", ".join(names)}
        for model, permission, message in NEW_ENTRY_RULES
        if (names := entries.get(model)) and not user.has_perm(permission)
    ]
    return " ".join(refusals) or None


def check_new_entries(*, user, entries):
    refusal = new_entries_refusal(user=user, entries=entries)
    if refusal is not None:
        raise ImportRefused(refusal)
