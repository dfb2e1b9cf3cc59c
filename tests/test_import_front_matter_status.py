"""Importing a front matter: status, times and identity (slug and permanent identifier)."""

from datetime import datetime

import pytest
from django.utils import translation

from releases.importing.records import ImportFailed
from releases.importing.service import import_release
from releases.models import Release
from tests.factories import make_release
from tests.test_import_front_matter import BODY, FRONT_MATTER, MEXICO, import_file, one_line, parse, write_export


@pytest.fixture(autouse=True)
def _in_english(_fresh_cache_and_language):
    """The messages checked below are the English ones (the catalogue has the Spanish)."""
    translation.activate("en")


# --- status, times and identity -------------------------------------------------------------------


@pytest.mark.django_db
def test_status_new_releases_take_the_file_s_existing_ones_keep_theirs(tmp_path):
    path = write_export(tmp_path, front=FRONT_MATTER.replace("status: published", "status: draft"))
    assert import_file(path).release.status == Release.Status.DRAFT
    # Published since in the admin: a re-import of the old export does not unpublish it.
    Release.objects.update(status=Release.Status.PUBLISHED)
    result = import_file(path)
    assert result.release.status == Release.Status.PUBLISHED
    assert any("keeps its status" in warning for warning in result.warnings)
    # Asked for explicitly, it does.
    assert import_file(path, status="draft").release.status == Release.Status.DRAFT


@pytest.mark.django_db
def test_the_admin_upload_makes_drafts_whatever_the_file_says(tmp_path):
    parsed = parse(FRONT_MATTER + BODY)
    result = import_release(parsed=parsed, import_key="informe", status_from_file=False)
    assert result.release.status == Release.Status.DRAFT
    assert any("drafts" in warning for warning in result.warnings)


@pytest.mark.django_db
def test_an_unknown_status_fails_the_release(tmp_path):
    path = write_export(tmp_path, front=FRONT_MATTER.replace("status: published", "status: archived"))
    with pytest.raises(ImportFailed) as error:
        import_file(path)
    assert "archived" in one_line(error.value)
    assert not Release.objects.exists()


@pytest.mark.django_db
def test_the_dateline_wins_over_a_publication_time_of_another_day(tmp_path):
    path = write_export(tmp_path, body=BODY.replace("28 de enero", "30 de enero"))
    result = import_file(path)
    assert result.release.published_at == datetime(2025, 1, 30, tzinfo=MEXICO)
    assert any("dateline" in warning for warning in result.warnings)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "front", "expected", "warned"),
    [
        # The line has minutes; the front matter makes it exact.
        (
            "EMBARGADO HASTA el 28 de enero de 2025, 09:00 h (UTC-06:00)",
            "'2025-01-28T09:00:45-06:00'",
            datetime(2025, 1, 28, 9, 0, 45, tzinfo=MEXICO),
            False,
        ),
        # Only the front matter has one: the release stays embargoed, and the warning says so.
        ("", "'2025-01-28T09:00:00-06:00'", datetime(2025, 1, 28, 9, tzinfo=MEXICO), True),
        # They disagree: the line, which a person reads and edits, wins.
        (
            "EMBARGADO HASTA el 28 de enero de 2025, 12:00 h (UTC-06:00)",
            "'2025-01-28T09:00:00-06:00'",
            datetime(2025, 1, 28, 12, tzinfo=MEXICO),
            True,
        ),
        # Added by hand to the text of a file exported without an embargo.
        (
            "EMBARGADO HASTA el 28 de enero de 2025, 12:00 h (UTC-06:00)",
            "null",
            datetime(2025, 1, 28, 12, tzinfo=MEXICO),
            False,
        ),
    ],
)
def test_embargo_from_the_line_and_the_front_matter(tmp_path, line, front, expected, warned):
    body = f"{line}\n\n{BODY}" if line else BODY
    front = FRONT_MATTER.replace("embargo_until: null", f"embargo_until: {front}")
    path = write_export(tmp_path, front=front, body=body)
    result = import_file(path)
    assert result.release.embargo_until == expected
    assert any("embargo" in warning for warning in result.warnings) == warned


@pytest.mark.django_db
def test_slug_and_identifier_are_kept_for_a_new_release_and_never_changed_on_an_existing_one(tmp_path):
    make_release(slug="informe-2024")  # a file of that slug is found by it, even renamed
    front = FRONT_MATTER.replace("slug: informe\n", "slug: informe-2024\n")
    path = write_export(tmp_path, front=front)
    result = import_file(path)
    assert not result.created and result.release.slug == "informe-2024"
    assert str(result.release.uuid) != "6f1c1f0e-4d1a-4b51-9a57-0d9f3b0e8a11"
    # A short slug (not one a file name would give) is kept on a new release.
    Release.objects.all().delete()
    assert import_file(write_export(tmp_path)).release.slug == "informe"


@pytest.mark.django_db
def test_an_identifier_in_use_is_not_taken_twice(tmp_path):
    other = make_release(slug="otro-comunicado")
    Release.objects.filter(pk=other.pk).update(uuid="6f1c1f0e-4d1a-4b51-9a57-0d9f3b0e8a11")
    result = import_file(write_export(tmp_path))
    assert result.created and str(result.release.uuid) != "6f1c1f0e-4d1a-4b51-9a57-0d9f3b0e8a11"
