import reversion
from modeltranslation.translator import TranslationOptions, register

from releases.models import Attachment, ChangeNote, IssuingOrganisation, MediaContact, ReferenceLink, Release, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("es",)


@register(Release)
class ReleaseTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "summary",
        "body",
        "background",
        "dateline_place",
        "featured_image_alt",
        "withdrawal_explanation",
    )
    # Spanish is the release's language of record; English is optional.
    required_languages = {"es": ("title", "body")}


@register(ReferenceLink)
class ReferenceLinkTranslationOptions(TranslationOptions):
    fields = ("label",)


@register(Attachment)
class AttachmentTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("es",)


@register(ChangeNote)
class ChangeNoteTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("es",)


# History (django-reversion): every save of a release in the admin and every workflow change keeps
# a revision of the release with the rows edited on its page, so staff can compare two and restore
# one, and a deleted release can be recovered. Registered here, once the fields above exist:
# reversion keeps only the fields a model has when it is registered, and registered any earlier
# it would keep just the active language of each translated field. Change notes, audit events
# and preview links are deliberately not part of revisions (see releases/models/records.py).
for _model in (IssuingOrganisation, ReferenceLink, MediaContact, Attachment):
    reversion.register(_model)
reversion.register(Release, follow=["issuing_organisation_rows", "links", "media_contacts", "attachments"])
