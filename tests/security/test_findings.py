"""The security probe's findings, one test each: hostile numbers and NUL, erasure that erases,
staff screens that keep to the consent rule, a limit on guessing passwords, the lock file.

The hostile uploads have their own corpus (tests/registry/hostile_corpus.py) and every URL
is fuzzed by tests/security/test_fuzz.py.
"""

from __future__ import annotations

import copy
import json
import logging
import logging.config
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import models
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse

from accounts.models import SignedInSession, User
from registry.models import Association, AuditEntry, Consent, Member
from registry.services.merges import merge_members
from search.models import SavedSearch
from tests.conftest import PASSWORD, make_member, make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Finding 3: Unicode digits and NUL answer 4xx or a form error, never 500 ----------------------

UNICODE_DIGITS = ["²", "①", "٣", "߁"]


@pytest.mark.parametrize("persona", ["registry_officer", "registry_viewer"])
@pytest.mark.parametrize("digit", UNICODE_DIGITS)
def test_a_page_number_in_other_digits_is_the_first_page(request, persona, digit, member_record):
    client = signed_in(request.getfixturevalue(persona))
    response = client.get(reverse("registry_search"), {"country": "HU", "page": digit})
    assert response.status_code == 200


@pytest.mark.parametrize("digit", UNICODE_DIGITS)
def test_exports_ignore_ids_in_other_digits(registry_officer, member_record, digit):
    client = signed_in(registry_officer)
    search = client.post(
        reverse("registry_search_export"),
        {"query": f"country=HU&page={digit}", "scope": "chosen", "member": digit},
        follow=True,
    )
    assert search.status_code == 200
    assert search["Content-Type"].startswith("text/html")  # back to the search: nobody chosen
    members = client.post(reverse("registry_export"), {"member": [digit, str(member_record.pk)]})
    assert members.status_code == 200
    assert member_record.full_name in members.content.decode("utf-8-sig")


@pytest.mark.parametrize("digit", UNICODE_DIGITS)
def test_the_sign_up_pickers_refuse_other_digits_with_a_message(member_record, digit):
    client = signed_in(member_record.user)
    for kind in ("ward", "commune"):
        response = client.post(
            reverse("registry:profile_step", args=["hometown"]), {"choice": f"{kind}:{digit}"}
        )
        assert response.status_code == 200 and 'class="error-summary' in response.content.decode()
    response = client.post(
        reverse("registry:profile_step", args=["residence"]), {"country": "HU", "city": digit}
    )
    assert response.status_code == 200 and 'class="error-summary' in response.content.decode()
    assert client.get(reverse("registry:city_options"), {"city": digit}).status_code == 200
    member_record.refresh_from_db()
    assert member_record.city_name == "Budapest"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The project's own logging configuration, writing to a file instead of the console."""
    path = tmp_path / "quehuong.log"
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"] = {
        **config["handlers"]["console"],
        "class": "logging.FileHandler",
        "filename": str(path),
        "encoding": "utf-8",
    }
    config["loggers"]["django.request"] = {"level": "INFO"}  # 4xx lines too
    logging.config.dictConfig(config)
    try:
        yield path
    finally:
        logging.config.dictConfig(settings.LOGGING)


def test_nul_is_refused_before_anything_is_read_or_written(
    registry_viewer, registry_officer, member_record, log_file
):
    member = signed_in(member_record.user)
    before = list(Consent.objects.values_list("pk", flat=True))
    response = member.post(reverse("registry:consents"), {"purpose": "staff-contact\x00"})
    assert response.status_code == 400
    assert list(Consent.objects.values_list("pk", flat=True)) == before
    viewer = signed_in(registry_viewer)
    assert viewer.get(reverse("registry_search"), {"q": "Nguyễn Thị\x00"}).status_code == 400
    officer = signed_in(registry_officer)
    for fields in ({"name": "Hùng\x00", "query": "q=a"}, {"name": "x", "query": "q=Nhung\x00"}):
        assert officer.post(reverse("registry_search_save"), fields).status_code == 400
    assert not SavedSearch.objects.exists()
    page = viewer.get("/vi/profile/?q=%00").content.decode()
    assert "Không đọc được yêu cầu" in page  # the refusal is in the page's language
    logged = log_file.read_text(encoding="utf-8")
    assert "Nguyễn Thị" not in logged and "Hùng" not in logged and "Nhung" not in logged


# --- Finding 4: erasure that erases ---------------------------------------------------------------


def text_columns(model: type[models.Model]) -> list[models.Field]:
    kinds = (models.CharField, models.TextField, models.JSONField)
    return [f for f in model._meta.concrete_fields if isinstance(f, kinds)]


def tables_holding(values: list[str]) -> list[str]:
    """Every table and column where one of `values` is stored, JSON escapes included."""
    found = []
    forms = {v for value in values for v in (value, json.dumps(value)[1:-1])}
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        for column in text_columns(model):
            text = Cast(column.name, models.TextField())
            rows = model._default_manager.annotate(_text=text)
            for value in forms:
                if rows.filter(_text__icontains=value).exists():
                    found.append(f"{model._meta.db_table}.{column.column}: {value}")
    for session in Session.objects.all():
        decoded = json.dumps(session.get_decoded(), ensure_ascii=False)
        found += [f"session {session.pk}: {v}" for v in values if v in decoded]
    return found


def cache_holding(values: list[str]) -> list[str]:
    backend = cache._cache  # type: ignore[attr-defined]
    if isinstance(backend, dict):  # local memory: pickled values
        stored = [(str(key), value) for key, value in backend.items()]
    else:  # Redis
        client = backend.get_client()
        stored = [(key.decode(), client.get(key) or b"") for key in client.scan_iter()]
    needles = [v.encode() for v in values]
    return [key for key, value in stored if any(n in value for n in needles)]


def test_after_a_member_deletes_their_account_nothing_of_them_is_left(
    registry_officer, member_record, log_file
):
    person = member_record
    values = [person.full_name, person.email, "36201234567", "+36 20 123 4567"]
    phone_tab, laptop_tab = signed_in(person.user), signed_in(person.user)
    assert laptop_tab.get(reverse("registry:profile")).status_code == 200
    # Staff worked with the record: a search by name, a profile view, an export.
    officer = signed_in(registry_officer)
    officer.get(reverse("registry_search"), {"q": person.full_name})
    officer.get(reverse("registry_member", args=[person.pk]))
    officer.post(reverse("registry_export"), {"member": [str(person.pk)]})
    # Requests as the development server logs them.
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /admin/registry/search/?q={person.full_name} HTTP/1.1", 200, 512
    )
    assert SignedInSession.objects.filter(user=person.user).count() == 2

    response = phone_tab.post(reverse("registry:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302

    assert not User.objects.filter(email__iexact=person.email).exists()
    assert tables_holding(values) == []
    assert cache_holding(values) == []
    assert not any(v in log_file.read_text(encoding="utf-8") for v in values)
    # Every other session of the account ended with it.
    assert laptop_tab.get(reverse("registry:profile")).status_code == 302
    assert not Session.objects.filter(session_key=laptop_tab.session.session_key).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ERASE, member_id=person.pk).exists()


def test_a_staff_deletion_deletes_the_login_and_signs_it_out(administrator, member_record):
    laptop = signed_in(member_record.user)
    email = member_record.email
    response = signed_in(administrator).post(
        reverse("registry_member_delete", args=[member_record.pk])
    )
    assert response.status_code == 302
    assert not User.objects.filter(email=email).exists()
    assert laptop.get(reverse("registry:profile")).status_code == 302
    assert User.objects.filter(pk=administrator.pk).exists()


def test_a_merge_deletes_the_login_it_does_not_keep(registry_officer, member):
    kept = make_member("Lê Thị Hoa", user=member, email=member.email)
    other_user = make_user("hoa.le.second@example.org")
    other_session = signed_in(other_user)
    merged = make_member("Lê Thị Hoa", user=other_user, email=other_user.email)
    merge_members(kept, merged, actor=registry_officer)
    assert not User.objects.filter(email="hoa.le.second@example.org").exists()
    assert other_session.get(reverse("registry:profile")).status_code == 302
    kept.refresh_from_db()
    assert kept.user_id == member.pk


def test_staff_accounts_are_never_deleted_with_a_record(registry_officer, administrator):
    record = make_member("Phạm Văn Đức", user=registry_officer, email=registry_officer.email)
    signed_in(administrator).post(reverse("registry_member_delete", args=[record.pk]))
    assert User.objects.filter(pk=registry_officer.pk).exists()


# --- Finding 5: the Users screens list staff accounts only ----------------------------------------


def test_administrators_see_staff_logins_only(administrator, editor, member_record):
    client = signed_in(administrator)
    listing = client.get("/admin/users/").content.decode()
    assert editor.email in listing
    assert member_record.email not in listing
    pk = member_record.user_id
    searched = client.get("/admin/users/", {"q": member_record.email}).content.decode()
    assert f"/admin/users/edit/{pk}/" not in searched  # (the search box repeats what was typed)
    # (A 404 under /admin/ is redirected to the language's page tree first, where it is 404.)
    for view in ("edit", "delete", "history"):
        opened = client.get(f"/admin/users/{view}/{pk}/", follow=True)
        assert opened.status_code == 404 and member_record.email not in opened.content.decode()
    for action in ("delete", "set_active_state", "assign_role"):
        bulk = client.get(f"/admin/bulk/accounts/user/{action}/", {"id": pk}, follow=True)
        assert bulk.status_code == 404
        assert member_record.email not in bulk.content.decode()
    assert client.get(f"/admin/users/edit/{editor.pk}/").status_code == 200


# --- Found by the fuzzing gate: keys past any integer, numbers Wagtail reads itself ---------------

TOO_BIG = str(2**63)


@pytest.mark.parametrize("path", ["/admin/users/", "/admin/users/results/"])
def test_a_group_no_key_can_name_is_an_unknown_group(administrator, editor, path):
    client = signed_in(administrator)
    response = client.get(path, {"group": TOO_BIG})
    assert response.status_code == 200
    unknown = client.get(path, {"group": "999999"})
    assert (editor.email in response.content.decode()) == (editor.email in unknown.content.decode())


@pytest.mark.parametrize("field", ["associations", "interests"])
def test_an_officer_choosing_a_key_no_integer_holds_gets_a_form_error(
    registry_officer, member_record, field
):
    client = signed_in(registry_officer)
    url = reverse("registry_member_edit", args=[member_record.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"version": member_record.version, "languages": [], "interests": []})
    data.update({"associations": [], field: ["9" * 25]})
    response = client.post(url, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    member_record.refresh_from_db()
    assert member_record.version == data["version"]


def test_every_key_lookup_past_the_integer_range_finds_nothing():
    assert not Member.objects.filter(pk__in=[2**63, -(2**63) - 1]).exists()
    assert not Member.objects.filter(associations__in=[2**63]).exists()
    assert not Member.objects.filter(pk=2**70).exists()


@pytest.mark.parametrize("page", ["%11", "²", "-1", "x"])
def test_a_page_number_wagtail_reads_itself_is_not_a_server_error(administrator, page):
    from wagtail.models import Workflow

    workflow = Workflow.objects.first() or Workflow.objects.create(name="Duyệt")
    url = f"/admin/workflows/edit/{workflow.pk}/?p={page}"
    response = signed_in(administrator).get(url, follow=True)
    assert response.status_code in (200, 400, 404)


def test_the_deliberate_error_page_is_gone(administrator):
    response = signed_in(administrator).get("/admin/failwhale/", follow=True)
    assert response.status_code == 404


# --- Finding 6: associations that did not agree to be public --------------------------------------


def test_the_interests_step_lists_public_associations_and_the_persons_own(member_record):
    public = Association.objects.create(name="Hội đồng hương Hà Tĩnh tại Séc", country="CZ")
    public.listed_publicly = True
    public.save()
    private = Association.objects.create(name="Hội kín chưa công khai", country="HU")
    own = Association.objects.create(name="Hội Hà Tĩnh tại Budapest", country="HU")
    member_record.associations.add(own)
    page = signed_in(member_record.user).get(reverse("registry:profile_step", args=["interests"]))
    text = page.content.decode()
    assert public.name in text and own.name in text
    assert private.name not in text


# --- Finding 7: deleting an account is limited like logging in ------------------------------------


def test_guessing_the_password_to_delete_an_account_is_stopped(member_record):
    client = signed_in(member_record.user)
    url = reverse("registry:delete_account")
    for _attempt in range(5):
        assert client.post(url, {"password": "guess"}).status_code == 200
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 200
    assert "nhập sai mật khẩu quá nhiều lần" in response.content.decode()
    assert Member.objects.filter(pk=member_record.pk).exists()


# --- Finding 8: contact cells never start a formula -----------------------------------------------


def test_an_email_address_that_looks_like_a_formula_is_text(registry_officer):
    make_member(
        "Võ Thị Lan",
        email="=2+5@example.org",
        phone="+819012345678",
        consents=("registry", "staff-contact"),
    )
    client = signed_in(registry_officer)
    response = client.post(reverse("registry_export"), {"column": ["full_name", "email", "phone"]})
    text = response.content.decode("utf-8-sig")
    assert "'=2+5@example.org" in text and "'+81 90-1234-5678" in text
    assert not re.search(r"(^|,)[=+\-@]", text, re.MULTILINE)


# --- Finding 9: what was tested is what is deployed -----------------------------------------------


def requirement_name(spec: str) -> str:
    return re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_is_pinned_with_hashes_and_installed_from_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {requirement_name(s) for s in project["dependencies"]}
    wanted |= {requirement_name(s) for s in project["optional-dependencies"]["dev"]}
    lock = (ROOT / "requirements.lock").read_text()
    pinned = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+) \\$", lock, re.MULTILINE))
    assert wanted <= {name.lower() for name in pinned}
    for block in re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n\n", 1)[-1]):
        if "==" in block.split("\n", 1)[0]:
            assert "--hash=sha256:" in block, block.split("\n", 1)[0]
    assert "--require-hashes -r requirements.lock" in (ROOT / "Makefile").read_text()
