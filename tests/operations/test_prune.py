"""Operations' daily prune forgets emails: their text, links and addresses are not kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from operations.models import OutgoingMessage
from operations.tasks import prune
from tests.operations.conftest import queued

pytestmark = pytest.mark.django_db
Status = OutgoingMessage.Status


def test_sent_mail_is_forgotten_after_a_week_and_failed_mail_after_a_month():
    now = timezone.now()
    kept = [
        queued("Gửi hôm qua", "a@example.org", Status.SENT, sent_at=now - timedelta(days=1)),
        queued("Vẫn chờ", "b@example.org", created_at=now - timedelta(days=60)),
        queued(
            "Lỗi tuần trước", "c@example.org", Status.FAILED, created_at=now - timedelta(days=7)
        ),
    ]
    queued("Gửi tuần trước", "d@example.org", Status.SENT, sent_at=now - timedelta(days=8))
    queued("Lỗi tháng trước", "e@example.org", Status.FAILED, created_at=now - timedelta(days=31))

    assert prune.enqueue().return_value["mail"] == 2
    assert set(OutgoingMessage.objects.values_list("pk", flat=True)) == {m.pk for m in kept}
