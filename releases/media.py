"""Who may have an uploaded file, and the view that answers its one URL, `/media/<name>`.

Every stored file belongs to something, and its owner decides:

- a release's featured image (and its renditions) and its attachments are public while the
  release is on the public record; otherwise they go only to staff who may change the release
  (who see it at its real URL) and to holders of a working preview link of the release;
- an organisation's logo is public when the organisation is listed publicly (`is_listed_now`:
  a release on the public record names it, or an editor listed it; issue 10.4), so the logo of
  a co-signer of an embargoed statement is not reachable before the statement is; otherwise it
  goes only to staff who may see the directory and to holders of a working preview link of a
  release that names it;
- a person's photo is never public (no public page shows one): staff who may see the directory.

The same rule decides whether a release's own page shows (releases/views.py), and with it the
page's files: a draft's image is the draft's. A file that belongs to nothing, a name that
is not a stored file's, or a visitor who may not have it: 404 (never 403: a refusal must not
tell that the file exists).

An embargo preview link is a token in the page's path; the files on that page carry a token of
their own (`?access=…`, added by {% media_url %}): signed with SECRET_KEY, naming the link,
good for PREVIEW_FILE_SECONDS. It is checked against the link on every request, so revoking the
link, its expiry or the end of the embargo ends access to its files at once, whatever the
token's age.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core import signing
from django.core.files.storage import default_storage
from django.views.decorators.http import require_safe

from contacts.models import Contact, Organisation
from newsroom import renditions
from newsroom.media import ACCESS_PARAMETER, not_found, send_file
from newsroom.uploads import download_name
from releases.models import Attachment, PreviewLink, Release

PREVIEW_FILE_SECONDS = 3600
_PREVIEW_SALT = "releases.media.preview-link-files"


def preview_file_token(link):
    """What the files on a preview link's page carry to prove that link (see the module's docstring)."""
    return signing.dumps(link.pk, salt=_PREVIEW_SALT)


def preview_link_of(request):
    """The preview link whose file token the request carries, if the link still shows its release."""
    if not hasattr(request, "_media_preview_link"):
        request._media_preview_link = None
        token = request.GET.get(ACCESS_PARAMETER, "")
        try:
            pk = signing.loads(token, salt=_PREVIEW_SALT, max_age=PREVIEW_FILE_SECONDS) if token else None
        except signing.BadSignature:
            pk = None
        if isinstance(pk, int):
            link = PreviewLink.objects.select_related("release").filter(pk=pk).first()
            if link is not None and link.shows_release:
                request._media_preview_link = link
    return request._media_preview_link


@dataclass(frozen=True)
class Owner:
    """What a stored file belongs to: whether it is public, and if not, who may have it."""

    public: bool
    allows: Callable  # (request) -> bool, asked only when the file is not public
    width: int = 0  # an image's width, for its renditions


def _release_owner(release):
    def allows(request):
        link = preview_link_of(request)
        return release.can_be_edited_by(request.user) or (link is not None and link.release_id == release.pk)

    return Owner(release.is_on_public_record, allows, release.featured_image_width)


def _release_image(name):
    return [_release_owner(release) for release in Release.objects.filter(featured_image=name)]


def _attachment(name):
    return [_release_owner(row.release) for row in Attachment.objects.filter(file=name).select_related("release")]


def _names(release, organisation):
    return (
        release.issuing_organisations.filter(pk=organisation.pk).exists()
        or release.mentioned_organisations.filter(pk=organisation.pk).exists()
    )


def _logo(name):
    owners = []
    for organisation in Organisation.objects.filter(logo=name):
        public = organisation.is_listed_now

        def allows(request, organisation=organisation):
            link = preview_link_of(request)
            return request.user.has_perm("contacts.view_organisation") or (
                link is not None and _names(link.release, organisation)
            )

        owners.append(Owner(public, allows))
    return owners


def _photo(name):
    return [
        Owner(False, lambda request: request.user.has_perm("contacts.view_contact"))
        for _contact in Contact.objects.filter(photo=name).only("pk")
    ]


# The folder of a stored name (the `upload_to` of its field) -> (its owners, whether it has renditions).
FOLDERS = {
    "releases/images": (_release_image, True),
    "releases/attachments": (_attachment, False),
    "organisations/logos": (_logo, False),
    "contacts/photos": (_photo, False),
}


def _folder(name):
    return "/".join(name.split("/")[:2])


def _is_clean(name):
    parts = name.split("/")
    forbidden = "\\" in name or "\x00" in name
    return len(parts) >= 3 and not forbidden and all(part not in ("", ".", "..") for part in parts)


@require_safe
def serve_media(request, name):
    """An uploaded file (or a rendition of an image) to whoever may have it; 404 to anyone else."""
    if not _is_clean(name) or _folder(name) not in FOLDERS:
        return not_found(request)
    find, has_renditions = FOLDERS[_folder(name)]
    original, width = name, None
    owners = find(name)
    rendition = renditions.parse_rendition_name(name) if has_renditions and not owners else None
    if rendition is not None:
        original, width = rendition
        owners = [owner for owner in find(original) if width in renditions.widths_for(owner.width)]
    if not owners:
        return not_found(request)
    public = any(owner.public for owner in owners)
    if not public and not any(owner.allows(request) for owner in owners):
        return not_found(request)
    if width is not None and not _rendition_stored(original, width, max(owner.width for owner in owners)):
        return not_found(request)
    saved_as = download_name(original)
    if width is not None:
        saved_as = f"{saved_as.rsplit('.', 1)[0]}-{width}.{renditions.EXTENSION}"
    return send_file(request, default_storage, name, public=public, download_name=saved_as)


def _rendition_stored(original, width, original_width):
    """Whether the rendition is in storage, made now if it was missing (see newsroom/renditions.py)."""
    if default_storage.exists(renditions.rendition_name(original, width)):
        return True
    return width in renditions.make_renditions(default_storage, original, original_width, widths=[width])
