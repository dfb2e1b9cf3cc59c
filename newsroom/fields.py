from django.db import models


class URLField(models.URLField):
    """A URLField whose form takes “example.org” as https://example.org (Django 6's default)."""

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)
