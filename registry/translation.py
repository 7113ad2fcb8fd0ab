from modeltranslation.translator import TranslationOptions, register

from registry.models import ConsentPurpose, ConsentText, Interest, Sector


@register(Interest)
class InterestTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("vi",)


@register(Sector)
class SectorTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("vi",)


@register(ConsentPurpose)
class ConsentPurposeTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("vi",)


@register(ConsentText)
class ConsentTextTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("vi",)
