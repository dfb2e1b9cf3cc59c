"""When a press contact can no longer be reached after a release naming them was scheduled.

Publishing checks that journalists can reach every press contact (check_press_contacts). A
scheduled or embargoed release then goes public at its moment by time alone: the public record is
a query, and no job runs at that moment that could check again. So the moment to catch a press
contact who became unreachable since is the change itself: each release waiting to go public with
that person as a press contact gets an audit event, and whoever made the change is told which
releases, so an editor can choose another press contact or hold the release back. Nothing is
refused and nothing is unpublished: hiding a threatened spokesperson's number must never wait
for an editor, and a release's state changes only when an editor says so.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from newsroom.text import describe_moment
from releases.models import Release, ReleaseEvent
from releases.services.recording import record_event
from releases.services.transitions import contact_problem


def releases_awaiting_publication_with(contact):
    """Releases that will go public by themselves (scheduled or under embargo) naming `contact`
    as a press contact, the soonest first."""
    waiting = Release.objects.in_public_state(Release.PublicState.SCHEDULED, Release.PublicState.EMBARGOED)
    return waiting.filter(media_contacts__press_contact=contact).distinct().order_by("published_at", "pk")


def releases_flag_unreachable_press_contact(*, contact, actor):
    """Record on each release awaiting publication with `contact` as a press contact that
    journalists can no longer reach them; the warning for `actor` ([] when no release is concerned)."""
    releases = list(releases_awaiting_publication_with(contact))
    problem = contact_problem(contact)
    for release in releases:
        record_event(release=release, actor=actor, action=ReleaseEvent.Action.PRESS_CONTACT_UNREACHABLE, detail=problem)
    if not releases:
        return []
    named = "; ".join(
        _("“%(title)s”, public on %(when)s") % {"title": release.title, "when": describe_moment(release.published_at)}
        for release in releases
    )
    warning = ngettext(
        "Journalists can no longer reach %(problem)s. This release names them as its press contact and "
        "goes public by itself at its time: %(releases)s. Choose another press contact, or return it to draft.",
        "Journalists can no longer reach %(problem)s. These %(count)d releases name them as their press "
        "contact and go public by themselves at their time: %(releases)s. Choose another press contact, or "
        "return them to draft.",
        len(releases),
    ) % {"problem": problem, "count": len(releases), "releases": named}
    return [warning]
