"""Mail to staff about the workflow: editors hear when a release awaits their review.

Sent only after the submission commits (a rolled-back submit mails nobody), one message per
editor so nobody sees the others' addresses, through Django's mail framework (EMAIL_URL: the
console in the demo, SMTP in production). A mail server that is down or refuses a message is
logged and never undoes or fails the submission: the release is in review either way, and the
releases list shows it. Staff accounts hold no language of their own, so the message is written
in Spanish, the newsroom's first language, with the English text below it; it names the
headline and links to the release in the admin, never more of an unpublished text.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

EDITORS_GROUP = "Editors"  # made by a migration (releases/migrations)


def notify_editors_of_submission(*, release, actor):
    """After the current transaction commits, mail every active editor (but the submitter)."""
    release_id, actor_id = release.pk, getattr(actor, "pk", None)
    transaction.on_commit(lambda: send_submission_notices(release_id=release_id, actor_id=actor_id))


def editors_to_notify(*, exclude_id=None):
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=EDITORS_GROUP)
        .exclude(email="")
        .exclude(pk=exclude_id)
        .distinct()
        .order_by("pk")
    )


def send_submission_notices(*, release_id, actor_id):
    from releases.models import Release

    release = Release.objects.filter(pk=release_id).first()
    if release is None:
        return 0
    actor = get_user_model().objects.filter(pk=actor_id).first()
    subject, body = submission_message(release, actor)
    sent = 0
    try:
        with get_connection() as connection:
            for editor in editors_to_notify(exclude_id=actor_id):
                message = EmailMessage(
                    subject,
                    body,
                    to=[editor.email],
                    connection=connection,
                    headers={"Auto-Submitted": "auto-generated"},  # RFC 3834: no vacation replies
                )
                try:
                    sent += message.send()
                except Exception:  # noqa: BLE001 - one refused address must not stop the others
                    logger.exception("Could not mail editor %s about release %s", editor.pk, release_id)
    except Exception:  # noqa: BLE001 - the server is unreachable: the submission stands
        logger.exception("Could not reach the mail server to tell editors about release %s", release_id)
    return sent


def submission_message(release, actor):
    """(subject, body): the subject in Spanish; the body in Spanish, then in English."""
    link = f"{settings.SITE_URL}{reverse('admin:releases_release_change', args=[release.pk])}"
    who = (actor.get_full_name() or actor.get_username()) if actor else None
    subject, texts = "", []
    for language in ("es", "en"):
        with translation.override(language):
            # One line whatever the field holds: a header cannot carry a line break.
            title = " ".join((getattr(release, f"title_{language}", "") or release.title_es).split())
            if who:
                line = _("%(person)s submitted “%(title)s” for review.") % {"person": who, "title": title}
            else:
                line = _("“%(title)s” was submitted for review.") % {"title": title}
            review = _("Review it, then publish it or return it to draft:")
            texts.append(f"{line}\n\n{review}\n{link}\n")
            subject = subject or _("For review: %(title)s") % {"title": title}
    return subject, "\n* * *\n\n".join(texts)
