"""Pages to take part from (an event, a charity programme, an investment project), each under
the demo site's index, and members who may take part."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from cms.models import (
    CharityProgrammeIndexPage,
    CharityProgrammePage,
    EventIndexPage,
    EventPage,
    InvestmentProjectIndexPage,
    InvestmentProjectPage,
)
from registry.models import Member, Sector
from tests.conftest import make_member, make_user
from tests.operations.conftest import mail_queue, smtp_sink  # noqa: F401 - the mail server
from tests.search.conftest import engine  # noqa: F401 - each search engine


def published(index, page):
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def event(site_pages) -> EventPage:
    """A reception in Tokyo next month, 5 places, registration open."""
    start = timezone.now() + datetime.timedelta(days=30)
    return published(
        EventIndexPage.objects.get(locale__language_code="vi"),
        EventPage(
            title="Gặp mặt kiều bào tại Tokyo",
            slug="gap-mat-tokyo",
            start_at=start,
            end_at=start + datetime.timedelta(hours=3),
            place="Đại sứ quán Việt Nam, Tokyo",
            time_zone="Asia/Tokyo",
            capacity=5,
            registration_open=True,
        ),
    )


@pytest.fixture
def programme(site_pages) -> CharityProgrammePage:
    return published(
        CharityProgrammeIndexPage.objects.get(locale__language_code="vi"),
        CharityProgrammePage(
            title="Xây nhà chống lũ",
            slug="xay-nha-chong-lu",
            goal="Nhà chống lũ cho hộ nghèo",
            beneficiaries="Hộ nghèo vùng lũ",
            amount_sought=Decimal("200000000"),
            amount_pledged=Decimal("50000000"),
            deadline=timezone.localdate() + datetime.timedelta(days=60),
            transfer_instructions="Vietcombank Hà Tĩnh, STK 0123456789, nội dung: NHA CHONG LU",
        ),
    )


@pytest.fixture
def project(site_pages) -> InvestmentProjectPage:
    return published(
        InvestmentProjectIndexPage.objects.get(locale__language_code="vi"),
        InvestmentProjectPage(
            title="Điện mặt trời Kỳ Anh",
            slug="dien-mat-troi-ky-anh",
            sector=Sector.objects.get(slug="energy"),
            location="Kỳ Anh",
            contact_name="Phòng Xúc tiến đầu tư",
            contact_email="xuctien@example.gov.vn",
        ),
    )


def taking_part(email: str, name: str, *, language: str = "vi", consented: bool = True) -> Member:
    """A member with a login, who agreed (or not) to be contacted about what they take part in."""
    user: User = make_user(email)
    consents = ("registry", "programmes") if consented else ("registry",)
    return make_member(name, user=user, email=email, preferred_language=language, consents=consents)
