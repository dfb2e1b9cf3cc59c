"""Alerts in the admin: counts on the release's page, hold and resend for editors only (recorded),
failures reported without addresses, and addresses only for those allowed to see them."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from alerts.models import Delivery, ReleaseAlert
from releases.models import ReleaseEvent
from tests.alerting import make_subscription, send_alerts, switch_alerts_on
from tests.factories import make_release, make_staff

pytestmark = pytest.mark.django_db
ADDRESS = "secreta@medio.example"


@pytest.fixture
def sent_release(smtp):
    switch_alerts_on()
    make_subscription(ADDRESS)
    make_subscription("otra@medio.example")
    release = make_release(published_at=timezone.now() - timedelta(minutes=1))
    send_alerts()
    return release


def staff_client(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_release_page_shows_how_many_alerts_were_queued_and_sent_but_no_address(client, editor, sent_release):
    html = staff_client(client, editor).get(reverse("admin:releases_release_change", args=[sent_release.pk]))
    html = html.content.decode()
    assert 'id="email-alerts"' in html
    assert "2 confirmed subscribers follow this release." in html
    assert "<td>0</td><td>2</td><td>0</td><td>0</td>" in html  # queued, sent, failed, not sent
    assert ADDRESS not in html


def test_editors_see_counts_never_addresses(client, editor, sent_release):
    # Even the model's own view permission does not show addresses: only the separate one does.
    editor.user_permissions.add(Permission.objects.get(codename="view_subscription"))
    staff_client(client, editor)
    listing = client.get(reverse("admin:alerts_releasealert_changelist"))
    assert listing.status_code == 200
    assert "Subscribers: 2 confirmed" in listing.content.decode()
    assert ADDRESS not in listing.content.decode()
    alert = ReleaseAlert.objects.get()
    assert ADDRESS not in client.get(reverse("admin:alerts_releasealert_change", args=[alert.pk])).content.decode()
    assert client.get(reverse("admin:alerts_subscription_changelist")).status_code == 403
    assert ADDRESS not in client.get(reverse("admin:index")).content.decode()


def test_the_separate_permission_shows_addresses(client, sent_release):
    user = make_staff("privacy-officer", "Editors")
    user.user_permissions.add(
        Permission.objects.get(codename="view_subscriber_address"), Permission.objects.get(codename="view_subscription")
    )
    listing = staff_client(client, user).get(reverse("admin:alerts_subscription_changelist"))
    assert listing.status_code == 200
    assert ADDRESS in listing.content.decode()


def test_an_editor_holds_and_resends_and_it_is_recorded(client, editor, sent_release):
    staff_client(client, editor)
    resend = reverse("admin:alerts_releasealert_resend", args=[sent_release.pk])
    assert client.get(resend).status_code == 200  # a confirmation page first
    response = client.post(resend)
    assert response.status_code == 302
    resent = ReleaseAlert.objects.get(sequence=1)
    assert resent.requested_by == editor
    hold = reverse("admin:alerts_releasealert_hold", args=[sent_release.pk])
    client.post(hold)
    resent.refresh_from_db()
    assert resent.held_by == editor and resent.held_at is not None
    assert ReleaseAlert.objects.get(sequence=0).held_at is None  # already sent: nothing to hold
    send_alerts()
    assert not Delivery.objects.filter(alert=resent).exists()
    client.post(reverse("admin:alerts_releasealert_let_go", args=[resent.pk]))
    send_alerts()
    assert Delivery.objects.filter(alert=resent, status=Delivery.Status.SENT).count() == 2
    assert list(LogEntry.objects.filter(user=editor).values_list("change_message", flat=True)) == [
        "Let go.",
        "Held.",
        "Resent.",
    ]
    # The release's own audit trail says so too, on its admin page.
    trail = sent_release.events.filter(actor=editor).values_list("action", "detail")
    assert list(trail) == [
        (ReleaseEvent.Action.ALERTS_LET_GO, "resending 1"),
        (ReleaseEvent.Action.ALERTS_HELD, "resending 1"),
        (ReleaseEvent.Action.ALERTS_RESENT, "resending 1"),
    ]
    page = client.get(reverse("admin:releases_release_change", args=[sent_release.pk])).content.decode()
    assert "sent again to email subscribers" in page and "email alerts held" in page


def test_writers_may_not_hold_or_resend(client, writer, sent_release):
    staff_client(client, writer)
    for name in ("hold", "resend"):
        url = reverse(f"admin:alerts_releasealert_{name}", args=[sent_release.pk])
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert ReleaseAlert.objects.count() == 1 and ReleaseAlert.objects.get().held_at is None


def test_failures_are_reported_without_the_address(client, editor, smtp):
    switch_alerts_on()
    make_subscription(ADDRESS)
    release = make_release(published_at=timezone.now() - timedelta(minutes=1))
    smtp.on_message = lambda n: f"550 5.1.1 <{ADDRESS}>: Recipient address rejected"
    send_alerts()
    staff_client(client, editor)
    listing = client.get(reverse("admin:alerts_releasealert_changelist") + "?failures=yes").content.decode()
    assert release.title_en in listing
    alert = ReleaseAlert.objects.get()
    detail = client.get(reverse("admin:alerts_releasealert_change", args=[alert.pk])).content.decode()
    assert "Recipient address rejected" in detail and "&lt;recipient&gt;" in detail
    assert ADDRESS not in detail
    page = client.get(reverse("admin:releases_release_change", args=[release.pk])).content.decode()
    assert '<strong style="color:#ba2121">1</strong>' in page
