"""The records the requests meet: members, staff, a batch, saved searches, a scan, an invitation."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core import mail
from django.utils import timezone
from wagtail.models import Page

from accounts.models import User
from cms.models import Category
from registry import invitations
from registry.gazetteer import find_cities
from registry.importing.staging import stage
from registry.models import (
    Association,
    Consent,
    ConsentPurpose,
    Interest,
    LegacyCommune,
    Member,
    Sector,
    Ward,
)
from registry.services.consents import record_staff_consents
from search.models import SavedSearch
from tests.conftest import make_member
from tests.security.fuzz.routes import Route


@dataclass
class World:
    """The records the requests meet, made once for the gate."""

    users: dict[str, User]
    members: list[Member]
    duplicates: tuple[Member, Member]
    batch_id: int
    saved_ids: list[int]
    scan: Consent
    token: str
    pages: dict[str, list[str]]  # per language, page paths under its prefix
    personal: list[str]

    def code_values(self) -> dict[str, list[str]]:
        ward = Ward.objects.filter(province_code=settings.PROVINCE_CODE).first()
        commune = LegacyCommune.objects.filter(ward__province_code=settings.PROVINCE_CODE).first()
        budapest = find_cities("HU", "Budapest", limit=1)
        return {
            "{choice}": [
                f"ward:{ward.pk}" if ward else "",
                f"commune:{commune.pk}" if commune else "",
            ],
            "{ward}": [str(ward.pk) if ward else "1"],
            "{city}": [str(budapest[0].geonameid) if budapest else "3054643"],
            "{purpose}": list(ConsentPurpose.objects.values_list("slug", flat=True)),
            "{member}": [str(m.pk) for m in self.members[:3]],
            "{verification}": list(Member.Verification.values),
            "{category}": list(Category.objects.values_list("slug", flat=True)[:3]),
            "{sector}": list(Sector.objects.values_list("slug", flat=True)[:3]),
        }

    def slot_values(self, route: Route, name: str, kind: str) -> list[str]:
        """Ids of real records for a slot of `route` (the first one is the discovery's)."""
        members = [str(m.pk) for m in self.members]
        if route.name == "registry_merge":
            first, second = (str(m.pk) for m in self.duplicates)
            return [first, second, members[0]] if name == "keep" else [second, first]
        if route.name == "registry_consent_scan":
            return [str(self.scan.member_id), members[0]] if name == "pk" else [str(self.scan.pk)]
        if route.name.startswith("registry_member"):
            return [members[0], str(self.scan.member_id), *members[1:3]]
        if route.name.startswith("registry_import_"):
            return [str(self.batch_id)]
        if route.name == "registry_search_delete":
            return [str(pk) for pk in self.saved_ids]
        if route.name == "registry:profile_step":
            return ["about", "hometown", "residence", "work", "interests", "consents", "check"]
        if route.name == "registry:claim":
            return [self.token, "x" * 43]
        if route.name.startswith("cms:category_feed"):
            return list(Category.objects.values_list("slug", flat=True)[:3]) or ["news"]
        if route.name == "wagtail_serve":
            language = route.template[1:3]
            return self.pages.get(language) or [""]
        if name in {"page_id", "parent_page_id", "destination_id", "page_to_move_id"}:
            return [
                str(pk) for pk in Page.objects.filter(depth__gt=1).values_list("pk", flat=True)[:3]
            ]
        if name == "app_label":
            return ["cms", "registry", "wagtailcore"]
        if name == "model_name":
            return ["category", "interest", "page"]
        model = route.model()
        if model is not None and name in {"pk", "object_id", "id"}:
            found = [
                quote(str(pk)) for pk in model._default_manager.values_list("pk", flat=True)[:3]
            ]
            if found:
                return found
        if kind == "path" or (kind == "regex" and "*" in route.template):
            return [""]
        return ["1"]


def build_world(users: dict[str, User], private_scans: Path) -> World:
    member_record = make_member(
        "Nguyễn Thị Hồng Nhung",
        user=users["member"],
        email=users["member"].email,
        phone="+36201234567",
        birth_year=1990,
        languages="vi en cs",  # language rows for the facets and filters to meet
        consents=("registry", "staff-contact"),
    )
    private = make_member(
        "Trần Văn Bình",
        email="binh.tran@example.org",
        phone="+81312345678",
        birth_year=1978,
        country="JP",
        city_name="Osaka",
    )
    ward = Ward.objects.filter(province_code=settings.PROVINCE_CODE).first()
    first = make_member(
        "Lê Văn Tâm",
        birth_year=1975,
        hometown_ward=ward,
        email="tam.le@example.org",
        consents=("registry", "staff-contact"),
    )
    second = make_member(
        "Lê Văn Tâm",
        birth_year=1975,
        hometown_ward=ward,
        source=Member.Source.IMPORT,
        consents=(),
        phone="+36301112233",
    )
    invited = make_member(
        "Phạm Thu Trang", source=Member.Source.IMPORT, consents=(), email="trang@example.org"
    )
    interest = Interest.objects.first()
    if interest is not None:
        member_record.interests.add(interest)
    association = Association.objects.create(
        name="Hội người Hà Tĩnh tại Hungary", country="HU", city="Budapest", listed_publicly=True
    )
    member_record.associations.add(association)
    # The newcomer stopped after the first step of the sign-up.
    Member.objects.create(
        user=users["newcomer"],
        email=users["newcomer"].email,
        full_name="Võ Minh Khôi",
        birth_year=1999,
        signup_steps=["about"],
    )
    officer = users["registry_officer"]
    invitations.send_invitation(invited, actor=officer)
    token = re.search(r"/profile/claim/([^/\s]+)/", mail.outbox[-1].body)[1]  # type: ignore[index]
    record_staff_consents(
        private,
        {"newsletter": True},
        channel="paper",
        actor=officer,
        given_on=timezone.localdate(),
        expected_version=private.version,
        evidence=io.BytesIO(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
        evidence_extension=".pdf",
    )
    scan = Consent.objects.exclude(evidence="").get(member=private)
    listed = (
        "Họ và tên;Năm sinh;Quê quán;Quốc gia;Thành phố;Điện thoại;Email\n"
        "Lê Văn Tâm;1975;Thạch Đài;Hungary;Budapest;;tam.le@example.org\n"
        "Đỗ Thị Lan;1988;Hà Huy Tập;Hungary;Szeged;+36 20 765 4321;\n"
        "Xã Không Có;²;Nowhere;Atlantis;;12;not-an-email\n"
    )
    batch = stage("list.csv", listed.encode(), actor=officer, association_id=association.pk)
    saved = [
        SavedSearch.objects.create(owner=officer, name="Hungary", criteria={"country": ["HU"]}),
        SavedSearch.objects.create(
            owner=users["registry_viewer"], name="Tất cả", criteria={"verified": ["no"]}
        ),
    ]
    pages: dict[str, list[str]] = {}
    for language in ("vi", "en"):
        chosen: dict[int, str] = {}
        for page in Page.objects.live().filter(locale__language_code=language).specific():
            url = page.get_url() or ""
            relative = url.removeprefix(f"/{language}/")
            if relative != url and page.content_type_id not in chosen:
                chosen[page.content_type_id] = relative
        pages[language] = sorted(chosen.values())
    members = [member_record, private, first, second, invited]
    personal: list[str] = []
    for record in Member.objects.all():
        personal += [record.full_name, record.search_name, record.email]
        if record.phone:
            personal += [str(record.phone), record.phone.as_national, record.phone.national_number]
    personal += [user.email for user in users.values()]
    personal = sorted(
        {str(value).casefold() for value in personal if value and len(str(value)) > 4}
    )
    return World(
        users=users,
        members=members,
        duplicates=(first, second),
        batch_id=batch.pk,
        saved_ids=[s.pk for s in saved],
        scan=scan,
        token=token,
        pages=pages,
        personal=personal,
    )
