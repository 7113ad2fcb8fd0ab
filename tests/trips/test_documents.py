"""A trip's briefing pack (PDF and spreadsheet) and post-trip report, written by the job: what
they count, whom they name, whose contact details they show, and that the PDF carries its own
font with every Vietnamese letter."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone

from cms.models import CharityProgrammePage, InvestmentProjectPage
from engagement.models import Engagement
from registry.models import AuditEntry, LegacyCommune, Member, Sector
from registry.services.records import erase_member
from tests.trips.conftest import city, placed
from trips import documents, pack
from trips.models import Document, FollowUp, LineEvent, Shortlisted, Trip

pytestmark = pytest.mark.django_db
Status = Shortlisted.Status
PDFTOTEXT, PDFFONTS = shutil.which("pdftotext"), shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(
    not (PDFTOTEXT and PDFFONTS), reason="poppler-utils (pdftotext, pdffonts) is not installed"
)

# Members counted around each destination (the people on the list come on top): city → how many.
CROWD = {
    ("JP", "Tokyo"): 12,
    ("JP", "Yokohama"): 5,  # 28 km from Tokyo
    ("JP", "Chiba"): 3,
    ("JP", "Osaka"): 4,  # 400 km: not counted
    ("KR", "Seoul"): 6,
    ("KR", "Incheon"): 2,
    ("KR", "Busan"): 3,  # 325 km from Seoul: not counted
}


@pytest.fixture
def private_root(settings, tmp_path) -> Path:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def crowd(db) -> None:
    """Registry members around the cities, as plain rows (their consents do not matter here),
    and a sign-up in Tokyo stopped before its consents, which is not in the registry."""
    sector = Sector.objects.get(slug="energy")
    rows = []
    for (country, name), count in CROWD.items():
        where = city(country, name)
        for number in range(count):
            rows.append(
                Member(
                    full_name=f"Người {name} {number}",
                    country=country,
                    city_name=where.name,
                    latitude=where.latitude + number * 0.001,
                    longitude=where.longitude,
                    birth_year=1990 if number % 2 else 1960,
                    sector=sector if number < 2 else None,
                    source=Member.Source.IMPORT,
                )
            )
    tokyo = city("JP", "Tokyo")
    rows.append(
        Member(
            full_name="Chưa xong",
            country="JP",
            city_name="Tokyo",
            latitude=tokyo.latitude,
            longitude=tokyo.longitude,
            source=Member.Source.SIGN_UP,
        )
    )
    Member.objects.bulk_create(rows)


@pytest.fixture
def listed(trip, registry_officer, crowd) -> dict[str, Member]:
    """People on the trip's list: who accepted (with and without consent to staff contact),
    one who attended, one living elsewhere, one who declined, one erased at their request."""
    thach_ha = LegacyCommune.objects.filter(district_name__contains="Thạch Hà").first()
    assert thach_ha is not None
    staff_contact = ("registry", "staff-contact")
    people = {
        "huong": placed(
            "Nguyễn Thị Hường",
            "JP",
            "Tokyo",
            email="huong@example.jp",
            consents=staff_contact,
            hometown_legacy=thach_ha,
            hometown_ward=thach_ha.ward,
            occupation="Kỹ sư phần mềm",
            organisation="Công ty Ánh Dương",
            birth_year=1985,
        ),
        "ky": placed("Trần Văn Kỳ", "JP", "Yokohama", email="ky@example.jp", birth_year=1970),
        "thang": placed(
            "Lê Đức Thắng", "KR", "Seoul", email="thang@example.kr", consents=staff_contact
        ),
        "anh": placed("Phạm Ngọc Ánh", "JP", "Osaka", email="anh@example.jp"),
        "son": placed("Đặng Văn Sơn", "JP", "Tokyo", email="son@example.jp"),
        "quynh": placed("Võ Thị Quỳnh", "JP", "Tokyo", email="quynh@example.jp"),
    }
    statuses = {
        "huong": Status.ACCEPTED,
        "ky": Status.ACCEPTED,
        "thang": Status.ATTENDED,
        "anh": Status.ACCEPTED,
        "son": Status.DECLINED,
        "quynh": Status.ACCEPTED,
    }
    for key, status in statuses.items():
        Shortlisted.objects.create(
            trip=trip,
            member=people[key],
            status=status,
            role=Shortlisted.Role.SPEAKER if key == "huong" else Shortlisted.Role.COMMUNITY,
            reason=f"Lý do chọn {key}: hiểu biết về Hà Tĩnh, Kỳ Anh",
            added_by=registry_officer,
        )
    erase_member(people.pop("quynh"), actor=registry_officer, by_member=True)
    trip.pages.add(
        InvestmentProjectPage.objects.filter(locale__language_code="vi").first(),
        CharityProgrammePage.objects.filter(locale__language_code="vi").first(),
    )
    return people


def written(trip: Trip, kind: str, user) -> Document:
    document = documents.queue_document(trip, kind, user)
    document.refresh_from_db()
    assert document.status == Document.Status.DONE, document.step
    return document


def pdf_text(path: Path, *, layout: bool = False) -> str:
    """The PDF's text, each run of white space made one space. In reading order by default
    (a table cell's lines together); `layout` keeps each line of the page as one line (a count
    beside its label)."""
    out = subprocess.run(  # noqa: S603 - a fixed program on a file the test wrote
        [str(PDFTOTEXT), *(["-layout"] if layout else []), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", out))


def test_it_counts_the_members_around_each_destination(trip, listed):
    tokyo, seoul = (pack.destination(leg) for leg in pack.legs_of(trip))
    assert tokyo.total == 12 + 5 + 3 + 3  # with Hường and Sơn in Tokyo and Kỳ in Yokohama
    by_city = {row.label: row.count for row in tokyo.by_city}
    assert by_city == {"Tokyo": 14, "Yokohama": 6, "Chiba": 3}
    assert tokyo.total == sum(by_city.values())
    assert {row.label: row.count for row in seoul.by_city} == {"Seoul": 7, "Incheon": 2}
    assert sum(row.count for row in tokyo.by_age) == tokyo.total
    assert sum(cluster.count for cluster in tokyo.clusters) == tokyo.total
    assert max(tokyo.clusters, key=lambda c: c.count).city == "Tokyo"
    assert any("Thạch Hà" in row.label for row in tokyo.by_district)


@needs_poppler
def test_it_writes_the_pack_as_pdf_with_the_people_who_accepted(
    trip, listed, registry_officer, private_root
):
    document = written(trip, "pack", registry_officer)
    path = documents.document_file(document, "pdf")
    text, table = pdf_text(path), pdf_text(path, layout=True)

    assert trip.title in text
    assert re.search(r"\bTokyo 14\b", table) and re.search(r"\bYokohama 6\b", table)
    assert re.search(r"\bSeoul 7\b", table) and re.search(r"\bIncheon 2\b", table)
    assert "Osaka 4" not in table and "Busan" not in text
    for name in ("Nguyễn Thị Hường", "Trần Văn Kỳ", "Lê Đức Thắng", "Phạm Ngọc Ánh"):
        assert name in text
    assert "Thạch Hà" in text and "Kỳ Anh" in text and "Hà Tĩnh" in text
    assert "huong@example.jp" in text  # agreed to be contacted by staff
    assert "thang@example.kr" in text
    assert "ky@example.jp" not in text and "anh@example.jp" not in text  # never agreed
    assert "Đặng Văn Sơn" not in text  # declined
    assert "Võ Thị Quỳnh" not in text and "quynh@" not in text  # erased at their request
    assert "Chưa xong" not in text

    entry = AuditEntry.objects.get(detail__page="trip-pack")
    assert entry.actor == registry_officer
    assert entry.detail["trip"] == trip.pk
    named = set(entry.subjects.values_list("member_id", flat=True))
    assert named == {listed[key].pk for key in ("huong", "ky", "thang", "anh")}


@needs_poppler
def test_the_pdf_embeds_the_vendored_font(trip, listed, registry_officer, private_root):
    document = written(trip, "pack", registry_officer)
    fonts = subprocess.run(  # noqa: S603 - a fixed program on a file the test wrote
        [str(PDFFONTS), str(documents.document_file(document, "pdf"))],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    listed_fonts = fonts.splitlines()[2:]
    assert listed_fonts
    for line in listed_fonts:
        assert "Noto-Sans" in line.split()[0], fonts
        assert " yes yes " in line, fonts  # embedded, as a subset


def test_it_writes_the_pack_as_a_spreadsheet(trip, listed, registry_officer, private_root):
    document = written(trip, "pack", registry_officer)
    book = openpyxl.load_workbook(
        io.BytesIO(documents.document_file(document, "xlsx").read_bytes())
    )
    assert book.sheetnames[:2] == ["Tokyo", "Seoul"]
    tokyo = list(book["Tokyo"].iter_rows(values_only=True))
    assert any(row[1:] == ("Yokohama", 6) for row in tokyo)
    assert any(row[1:] == ("Chiba", 3) for row in tokyo)
    assert any(row[2] == 23 for row in tokyo)  # members there
    people = list(book.worksheets[2].iter_rows(values_only=True))
    by_name = {row[1]: row for row in people[1:]}
    assert set(by_name) == {"Nguyễn Thị Hường", "Trần Văn Kỳ", "Lê Đức Thắng", "Phạm Ngọc Ánh"}
    assert by_name["Nguyễn Thị Hường"][9] == "huong@example.jp"
    assert by_name["Trần Văn Kỳ"][9] in (None, "")
    assert by_name["Phạm Ngọc Ánh"][0] != by_name["Nguyễn Thị Hường"][0]  # elsewhere
    pages = list(book.worksheets[3].iter_rows(values_only=True))
    assert len(pages) == 3


@needs_poppler
def test_it_writes_the_report_with_commitments_and_tasks(
    trip, listed, registry_officer, private_root
):
    Shortlisted.objects.filter(member=listed["ky"]).update(status=Status.NO_SHOW)
    programme = CharityProgrammePage.objects.filter(locale__language_code="vi").first()
    pledge = Engagement.objects.create(
        member=listed["huong"],
        kind=Engagement.Kind.PLEDGE,
        page=programme,
        page_key=programme.translation_key,
        title=programme.title,
        gift=Engagement.Gift.MONEY,
        amount=Decimal("50000000"),
        currency="VND",
    )
    line = Shortlisted.objects.get(member=listed["huong"])
    LineEvent.objects.create(line=line, action=LineEvent.Action.COMMITMENT, engagement=pledge)
    today = timezone.localdate()
    FollowUp.objects.create(
        trip=trip,
        text="Gửi thư cảm ơn chị Hường",
        owner=registry_officer,
        due_on=today + datetime.timedelta(days=7),
        line=line,
    )
    FollowUp.objects.create(
        trip=trip,
        text="Tổng hợp danh sách doanh nghiệp",
        owner=registry_officer,
        due_on=today - datetime.timedelta(days=3),
        done_at=timezone.now(),
    )

    trip.conclusions = "Kiều bào tại Tokyo sẵn sàng kết nối doanh nghiệp với tỉnh."
    trip.save()
    document = written(trip, "report", registry_officer)
    path = documents.document_file(document, "pdf")
    text = pdf_text(path)

    assert "Kiều bào tại Tokyo sẵn sàng kết nối doanh nghiệp với tỉnh." in " ".join(text.split())
    assert programme.title in text
    assert "50.000.000 VND" in text
    assert "Gửi thư cảm ơn chị Hường" in text and "Tổng hợp danh sách doanh nghiệp" in text
    assert "Nguyễn Thị Hường" in text and "Trần Văn Kỳ" in text
    assert "Không đến" in text or "Did not come" in text
    assert "Võ Thị Quỳnh" not in text
    assert re.search(r"Cam kết đã ghi nhận 1|Commitments recorded 1", pdf_text(path, layout=True))
    with pytest.raises(FileNotFoundError):
        documents.document_file(document, "xlsx")
    assert AuditEntry.objects.filter(detail__page="trip-report").count() == 1


def test_a_failed_document_leaves_no_file(
    trip, listed, registry_officer, private_root, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("trips.rendering.pack_xlsx", broken)
    document = documents.queue_document(trip, "pack", registry_officer)
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert list((private_root / "trips").iterdir()) == []
    assert not AuditEntry.objects.filter(detail__page="trip-pack").exists()


def test_a_viewer_cannot_have_a_pack_written(trip, listed, registry_viewer, private_root):
    document = documents.queue_document(trip, "pack", registry_viewer)
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    with pytest.raises(FileNotFoundError):
        documents.document_file(document, "pdf")


def test_expired_documents_are_deleted_with_their_files(
    trip, listed, registry_officer, private_root, settings
):
    document = written(trip, "pack", registry_officer)
    pdf = documents.document_file(document, "pdf")
    later = timezone.now() + datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS + 1)
    assert documents.delete_expired(later) == 1
    assert not pdf.exists() and not Document.objects.filter(pk=document.pk).exists()
