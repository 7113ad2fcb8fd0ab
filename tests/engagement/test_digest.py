"""The monthly digest (issue 19): what is new and fits, once a month, in the member's language,
only to those who asked for newsletters and agreed to matching."""

from __future__ import annotations

import pytest
from django.core import mail

from engagement.digest import send_monthly_digests
from registry.models import Sector
from registry.services.consents import record_consents
from tests.engagement.conftest import taking_part

pytestmark = pytest.mark.django_db


def test_new_pages_that_fit_reach_subscribers_once_a_month_in_their_language(project, event):
    energy = Sector.objects.get(slug="energy")
    lan = taking_part("lan@example.org", "Trần Thị Lan", language="en")
    lan.sector = energy
    lan.save()
    record_consents(lan, {"newsletter": True, "matching": True}, channel="web")
    quiet = taking_part("quiet@example.org", "Võ Văn Lặng")  # no newsletter, no matching
    quiet.sector = energy
    quiet.save()
    assert send_monthly_digests() == 1
    (digest,) = mail.outbox
    assert digest.to == ["lan@example.org"]
    assert digest.subject.startswith("New for you in")
    assert project.title in digest.body and "Năng lượng" not in digest.subject
    assert send_monthly_digests() == 0  # once a month
    assert len(mail.outbox) == 1
