from modeltranslation.translator import TranslationOptions, register

from registry.models import Interest, Sector


@register(Interest)
class InterestTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("vi",)


@register(Sector)
class SectorTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("vi",)
