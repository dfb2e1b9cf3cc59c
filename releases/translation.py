from modeltranslation.translator import TranslationOptions, register

from releases.models import Attachment, ChangeNote, ReferenceLink, Release, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("es",)


@register(Release)
class ReleaseTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "context", "dateline_place", "featured_image_alt", "withdrawal_explanation")
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
