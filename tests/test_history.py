"""releases.history: the field-by-field differences behind revision comparison and edit conflicts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from releases import history, services
from releases.models import Attachment, ReferenceLink
from tests.factories import image_upload, make_full_release

pytestmark = pytest.mark.django_db


def full_release():
    release = make_full_release(
        title_es="Titular",
        title_en="Headline",
        summary_en="Point",
        featured_image=image_upload("foto.png"),
        featured_image_alt_es="Foto",
    )
    ReferenceLink.objects.filter(release=release).update(label_es="Informe", label_en="Report")
    Attachment.objects.create(
        release=release, title_es="Anexo", title_en="Annex", file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), position=0
    )
    return release


def test_a_revision_of_the_release_as_it_is_shows_no_differences():
    release = full_release()
    services.keep_revision(release, None, "now")
    revision = history.versions_of(release).first().revision
    kept, now = history.snapshot_of_revision(revision, release.pk), history.snapshot_of_release(release)
    assert history.differences(kept, now) == []
    assert "Informe Report" in " ".join(now.values()), "link labels in both languages are compared"


def test_differences_name_the_language_and_mark_words():
    release = full_release()
    services.keep_revision(release, None, "before")
    before = history.versions_of(release).first().revision
    release.title_en = "A new headline"
    release.save()
    release.links.filter(position=0).update(label_en="Full report")
    changes = history.differences(
        history.snapshot_of_revision(before, release.pk), history.snapshot_of_release(release)
    )
    assert [change.label for change in changes] == ["titular (Inglés)", "enlaces de referencia"]
    assert str(changes[0].html) == "<del>Headline</del> <ins>A new headline</ins>"


def test_diff_html_escapes_what_editors_typed():
    difference = history.Difference("x", "<b>uno</b>", "<script>alert(1)</script>")
    assert "<script>" not in str(difference.html) and "&lt;script&gt;" in str(difference.html)


def test_changes_since_an_unknown_version_is_none():
    release = full_release()
    assert history.changes_since(release, 99) is None
