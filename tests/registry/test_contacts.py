"""Staff see a contact detail only while the member's consent to staff contact covers it."""

import pytest
from django.urls import reverse

from registry.models import Consent, Member
from registry.services.consents import record_consents
from tests.registry.test_profile import submit

pytestmark = pytest.mark.django_db


def shown(client, member: Member) -> str:
    return client.get(reverse("registry_member", args=[member.pk])).content.decode()


def test_an_officers_edit_of_a_contact_detail_hides_it_until_the_member_gives_it(
    client, registry_officer, member_record
):
    client.force_login(registry_officer)
    assert "+36 20 123 4567" in shown(client, member_record)
    Member.objects.filter(pk=member_record.pk).update(phone="+36209999999")  # an officer's fix
    page = shown(client, Member.objects.get(pk=member_record.pk))
    assert "+36 20 999 9999" not in page
    assert member_record.email in page  # still what she consented for


def test_the_members_own_change_stays_covered(client, registry_officer, member_record):
    member_client = client.__class__()
    member_client.force_login(member_record.user)
    submit(
        member_client,
        "about",
        {
            "full_name": member_record.full_name,
            "phone": "+36 20 999 9999",
            "preferred_language": "vi",
        },
    )
    client.force_login(registry_officer)
    assert "+36 20 999 9999" in shown(client, Member.objects.get(pk=member_record.pk))


def test_withdrawing_covers_nothing_and_a_grant_records_what_it_covers(member_record):
    [grant] = Consent.objects.filter(member=member_record, purpose__slug="staff-contact")
    assert grant.covers == {"email": member_record.email, "phone": "+36201234567"}
    record_consents(member_record, {"staff-contact": False}, channel="web")
    member_record.refresh_from_db()
    assert member_record.contacts_covered == {}
    assert member_record.consented_contacts() == frozenset()
