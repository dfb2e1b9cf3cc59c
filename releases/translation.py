from modeltranslation.translator import TranslationOptions, register

from releases.models import Attachment, ReferenceLink, Release, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("es",)


@register(Release)
class ReleaseTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "context", "dateline_place", "featured_image_alt")
    # Spanish is the release's language of record; English is optional.
    required_languages = {"es": ("title", "body")}


@register(ReferenceLink)
class ReferenceLinkTranslationOptions(TranslationOptions):
    fields = ("label",)


@register(Attachment)
class AttachmentTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("es",)
