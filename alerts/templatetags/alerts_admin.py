from django import template

from alerts.admin import with_counts
from alerts.models import Subscription

register = template.Library()


@register.inclusion_tag("admin/alerts/release_panel.html", takes_context=True)
def release_alerts_panel(context, release):
    """The alerts panel of a release's admin page: counts per sending, and hold / let go / resend."""
    user = context["request"].user
    if not user.has_perm("alerts.view_releasealert"):
        return {"show": False}
    alerts = list(with_counts(release.email_alerts.select_related("held_by", "requested_by")).order_by("sequence"))
    followers = (
        Subscription.objects.confirmed()
        .following(
            organisation_ids=release.issuing_organisation_rows.values("organisation_id"),
            topic_ids=release.topics.values("pk"),
        )
        .count()
    )
    return {
        "show": True,
        "release": release,
        "alerts": alerts,
        "followers": followers,
        "is_public": release.is_published,
        "may_act": user.has_perm("alerts.hold_and_resend_alerts"),
        "pending": any(alert.held_at is None and (alert.queued or not alert.fanned_out_at) for alert in alerts),
    }
