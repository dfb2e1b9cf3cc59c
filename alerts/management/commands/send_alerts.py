import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from alerts.sending import Worker


class Command(BaseCommand):
    help = (
        "Send what is due: alerts of releases that have become public, daily digests whose hour has "
        "come, confirmation messages; delete sign-ups unconfirmed after 7 days. Runs once and exits, "
        "or with --loop keeps doing so (the background worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, every --interval seconds.")
        parser.add_argument("--interval", type=float, default=10, help="Seconds between passes with --loop.")

    def handle(self, *, loop, interval, verbosity, **options):
        if not settings.SITE_URL:
            raise CommandError(_("Set SITE_URL (e.g. https://prensa.example.org): every message links to the site."))
        stopping = []

        def stop(signum, frame):
            # Finish the message in hand, release the rest of the batch, and exit.
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        worker = Worker(should_stop=lambda: bool(stopping))
        if loop:
            self.stdout.write(
                _("Sending alerts every %(seconds)s seconds (stop with Ctrl+C).") % {"seconds": f"{interval:g}"}
            )
            worker.run_forever(interval=interval)
            return
        try:
            report = worker.run()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        if verbosity:
            self.stdout.write(str(report))
        for problem in report.problems:
            self.stderr.write(problem)
