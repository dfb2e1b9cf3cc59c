"""The live preview beside a release's Markdown fields: the text being typed, rendered by the
renderer and sanitiser of the public page (newsroom.markdown), for staff who may write releases."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils import translation

from newsroom.markdown import render_markdown

LIMIT = 200_000  # characters: far beyond any release, short of making the renderer a burden


def live_preview_view(model_admin, request):
    """POST `text` and `language` (es or en): the HTML fragment of the preview pane."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        raise PermissionDenied
    language = request.POST.get("language")
    language = language if language in ("es", "en") else "es"
    text = request.POST.get("text", "")[:LIMIT]
    with translation.override(language):
        response = TemplateResponse(
            request,
            "admin/releases/release/live_preview.html",
            {"html": render_markdown(text, cached=False), "language": language},
        )
        response.render()
    response.headers["Cache-Control"] = "no-store"
    return response
