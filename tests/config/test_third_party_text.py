"""Other packages' messages kept in our catalogue (config/third_party_text.py): each is one the
package still uses, each is translated into Vietnamese and wins over the package's own text, and no
two countries share a name in any site language."""

import ast
from pathlib import Path

import django
import phonenumber_field
import polib
import pytest
from django.conf import settings
from django.utils import translation
from django_countries import countries

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "config" / "third_party_text.py"
VIETNAMESE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
# How makemessages reads each marker: the positions of context, message id and plural.
MARKERS = {
    "gettext_noop": ("msgid",),
    "ngettext_lazy": ("msgid", "plural"),
    "pgettext_lazy": ("context", "msgid"),
}


def marked_messages() -> list[tuple[str, str, str, str]]:
    """(group, context, message id, plural) of every message the module marks."""
    found = []
    for node in ast.parse(MODULE.read_text()).body:
        if not isinstance(node, ast.Assign):
            continue
        group = node.targets[0].id  # type: ignore[attr-defined]
        for call in ast.walk(node.value):
            if isinstance(call, ast.Call) and getattr(call.func, "id", "") in MARKERS:
                args = [ast.literal_eval(arg) for arg in call.args]
                values = dict(zip(MARKERS[call.func.id], args, strict=True))  # type: ignore[attr-defined]
                found.append(
                    (group, values.get("context", ""), values["msgid"], values.get("plural", ""))
                )
    return found


def package_messages() -> set[tuple[str, str, str]]:
    """(context, message id, plural) of what Django, phonenumber-field and django-countries say."""
    here = Path(django.__file__).parent
    catalogues = [
        here / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po",
        here / "contrib" / "auth" / "locale" / "en" / "LC_MESSAGES" / "django.po",
        # phonenumber-field ships no English catalogue; its French one lists every message.
        Path(phonenumber_field.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po",
    ]
    found = {
        (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        for path in catalogues
        for entry in polib.pofile(str(path))
    }
    with translation.override(None):  # the names the package shows, untranslated
        found |= {("", str(name), "") for _code, name in countries}
    return found


def test_the_module_marks_messages_of_every_kind():
    groups = {group for group, *_rest in marked_messages()}
    assert groups == {"FORM_FIELDS", "PASSWORDS", "PHONE_NUMBERS", "COUNTRY_NAMES"}


def test_every_message_is_one_the_packages_use():
    used = package_messages()
    stale = [m[1:] for m in marked_messages() if m[1:] not in used]
    assert stale == [], "the package changed its wording: mark the new message instead"


def test_every_message_is_translated_into_vietnamese_and_wins_over_the_packages():
    catalogue = {(e.msgctxt or "", e.msgid): e for e in polib.pofile(str(VIETNAMESE))}
    for group, context, msgid, plural in marked_messages():
        entry = catalogue.get((context, msgid))
        assert entry is not None and entry.translated() and not entry.fuzzy, msgid
        assert (entry.msgid_plural or "") == plural
        expected = entry.msgstr_plural[0] if plural else entry.msgstr
        if group != "COUNTRY_NAMES":  # a name may be the same in both languages
            assert expected != msgid, f"not Vietnamese: {msgid}"
        with translation.override("vi"):
            if plural:
                shown = translation.ngettext(msgid, plural, 10)
            elif context:
                shown = translation.pgettext(context, msgid)
            else:
                shown = translation.gettext(msgid)
        assert shown == expected, msgid


def test_the_messages_members_met_in_english_or_wrong_are_right_now():
    from django import forms
    from phonenumber_field.formfields import PhoneNumberField

    with translation.override("vi"):
        email = forms.EmailField()
        with pytest.raises(forms.ValidationError) as error:
            email.clean("minh@example")
        assert error.value.messages == ["Vui lòng nhập một địa chỉ email hợp lệ."]
        with pytest.raises(forms.ValidationError) as error:
            PhoneNumberField().clean("+84 12")
        assert error.value.messages == [
            "Vui lòng nhập một số điện thoại hợp lệ (ví dụ +12125552368)."
        ]
        assert countries.name("IS") != countries.name("IE")
        assert countries.name("JE") == "Jersey"


# (django-countries' Chinese calls American Samoa and Samoa both 美属萨摩亚群岛: our zh_Hans
# catalogue names them apart.)
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_two_countries_share_a_name(language):
    with translation.override(language):
        names = [str(name) for _code, name in countries]
    assert sorted({name for name in names if names.count(name) > 1}) == []
