"""Other packages' messages that members meet, kept in our own catalogue so that they are right.

Django's Vietnamese catalogue is thin and sometimes wrong ("Enter a valid email address." reads
"Nhập địa chỉ email.", "Enter a whole number." a "whole" as in "overall"), it has no Vietnamese
for "This password is too short…", phonenumber-field ships no Vietnamese at all, and
django-countries' Vietnamese names collide (Iceland and Ireland are both "Ai-len", Jersey is "Áo",
like Austria, Niger is "Nigeria"). Django looks a message up in LOCALE_PATHS before the packages'
own catalogues, so a translation in locale/vi/ wins wherever the package shows that message.

Nothing imports this module: it is here for `make messages` (makemessages), which finds the
message ids below and keeps them in locale/vi and locale/en. Each id, plural and context must be
exactly the package's, or the package's own text still shows;
tests/config/test_third_party_text.py checks that each is still one the packages use and is
translated. allauth's messages are in locale/allauth/vi instead: allauth ships no Vietnamese.
The calls are lazy or no-ops, so nothing is translated when the module is read.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

# django/forms, django/core/validators.py, django/db/models: what a form field or a model's
# validation says about a value (the sign-up and login forms, the registry profile steps).
FORM_FIELDS = (
    gettext_noop("This field is required."),
    gettext_noop("This field cannot be null."),
    gettext_noop("This field cannot be blank."),
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a list of values."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    ),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("Value %(value)r is not a valid choice."),
    gettext_noop("(Hidden field %(name)s) %(error)s"),
)

# django/contrib/auth/password_validation.py: AUTH_PASSWORD_VALIDATORS' errors and help texts.
PASSWORDS = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
    ),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
)

# phonenumber_field/formfields.py and validators.py (the context says what the example is).
PHONE_NUMBERS = (
    pgettext_lazy(
        "{example_number} is an international phone number.",
        "Enter a valid phone number (e.g. {example_number}).",
    ),
    pgettext_lazy(
        "{example_number} is a national phone number.",
        "Enter a valid phone number (e.g. {example_number}).",
    ),
    pgettext_lazy(
        "{example_number} is a national phone number.",
        "Enter a valid phone number (e.g. {example_number}) "
        "or a number with an international call prefix.",
    ),
    gettext_noop("The phone number entered is not valid."),
)

# django_countries/data.py and base.py (common names): Vietnamese names that were shared by two
# countries, wrong (Réunion as "reunion", Eswatini as "the Swazi language") or dated spellings
# beside modern ones in the same list.
COUNTRY_NAMES = (
    gettext_noop("Iceland"),
    gettext_noop("Ireland"),
    gettext_noop("Jersey"),
    gettext_noop("Niger"),
    gettext_noop("Eswatini"),
    gettext_noop("Réunion"),
    gettext_noop("Libya"),
    gettext_noop("Palestine"),
    gettext_noop("Vatican City"),
    gettext_noop("Congo"),
    gettext_noop("Democratic Republic of the Congo"),
    gettext_noop("Belarus"),
    gettext_noop("Moldova"),
    gettext_noop("Malawi"),
    gettext_noop("Angola"),
    gettext_noop("Oman"),
    gettext_noop("Chile"),
    gettext_noop("Yemen"),
    gettext_noop("United States of America"),
    gettext_noop("Saint Barthélemy"),
    gettext_noop("Saint Lucia"),
    gettext_noop("Saint Martin (French part)"),
    gettext_noop("Sint Maarten (Dutch part)"),
    # Simplified Chinese: both "美属萨摩亚群岛" in django-countries.
    gettext_noop("Samoa"),
    gettext_noop("American Samoa"),
)
