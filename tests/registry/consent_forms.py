"""Helpers of the tests of what an officer enters by hand (`test_officer_contacts.py`,
`test_paper_consents.py`): the edit and consent forms as sent, a scan, the record page."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from registry.models import Member

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PHONE = "+819012345678"
PHONE_WRITTEN = "+81 90-1234-5678"  # as the record page writes it


def today() -> str:
    return timezone.localdate().isoformat()


def consent_form(member: Member, **fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "purposes": ["newsletter"],
        "decision": "grant",
        "channel": "paper",
        "given_on": today(),
        "note": "Phiếu ký tại hội nghị kiều bào, Osaka.",
        "version": Member.objects.get(pk=member.pk).version,
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def scan(name: str = "phieu-dong-y.pdf", content: bytes = PDF, kind: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=kind)


def edit_form(member: Member, **changes: object) -> dict[str, object]:
    """What the edit form sends back unchanged, with `changes` typed in."""
    member = Member.objects.get(pk=member.pk)
    data: dict[str, object] = {
        "full_name": member.full_name,
        "birth_year": member.birth_year or "",
        "hometown_ward": member.hometown_ward_id or "",
        "country": member.country.code,
        "city_name": member.city_name,
        "preferred_language": member.preferred_language,
        "version": member.version,
    }
    data.update(changes)
    return data


def record_page(client, member: Member) -> str:
    return client.get(reverse("registry_member", args=[member.pk])).content.decode()


def post_consent(client, member: Member, **fields: object):
    return client.post(
        reverse("registry_member_consent", args=[member.pk]), consent_form(member, **fields)
    )
