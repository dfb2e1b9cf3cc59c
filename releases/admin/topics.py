from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from releases.models import Topic


@admin.register(Topic)
class TopicAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_es", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_es"], "slug_en": ["name_en"]}
