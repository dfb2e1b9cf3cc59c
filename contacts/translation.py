from modeltranslation.translator import TranslationOptions, register

from contacts.models import Contact, Organisation


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("es",)


@register(Contact)
class ContactTranslationOptions(TranslationOptions):
    fields = ("role",)
