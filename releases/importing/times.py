"""What a file says about a release's publication time and embargo, before the workflow's
rules decide what applies (releases.services.importing)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _


def file_times(parsed, current, warnings):
    """(publication time, embargo) from the file, for a release published at `current` (or None)."""
    main, front = parsed.main, parsed.front_matter
    return _publication_time(current, main, front, warnings), _embargo(main, front, warnings)


def _local_midnight(day):
    return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _publication_time(current, main, front, warnings):
    """The front matter's exact time when it agrees with the dateline's date; else the dateline's
    date, keeping the time of day of an existing release published that day (at `current`)."""
    exact = front.published_at if front is not None and front.given("published_at") else None
    if exact is not None:
        if main.date is None or main.date in (exact.date(), timezone.localtime(exact).date()):
            return exact
        warnings.append(
            _(
                "The dateline says %(date)s but the front matter says the release was published at %(moment)s; "
                "the dateline’s date was used."
            )
            % {"date": main.date.isoformat(), "moment": exact.isoformat()}
        )
    if main.date is not None:
        if current and timezone.localtime(current).date() == main.date:
            return current
        return _local_midnight(main.date)
    return current


def _embargo(main, front, warnings):
    """The embargo line's time, made exact by the front matter's when they agree.

    When only one of them has an embargo, the release is embargoed: lifting an embargo by
    mistake cannot be undone, keeping one a little longer can.
    """
    written = main.embargo_until
    if front is None or not front.given("embargo_until") or front.embargo_until is None:
        return written
    exact = front.embargo_until
    if written is None:
        warnings.append(
            _(
                "The front matter has an embargo until %(moment)s that the text does not show; the release is "
                "embargoed. Add the embargo line, or take the embargo out of the front matter."
            )
            % {"moment": exact.isoformat()}
        )
        return exact
    if abs(exact - written) < timedelta(minutes=1):
        return exact
    warnings.append(_("The embargo line and the front matter give different times; the embargo line’s was used."))
    return written
