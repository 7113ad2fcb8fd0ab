"""The services own every change of a record: a record and its lists are saved in one
transaction, and the sign-up's consents step and the yearly confirmation are theirs too."""

import pytest

from registry.models import Consent, ConsentPurpose, Interest, Member
from registry.services import records, signup
from registry.signals import members_changed
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def test_a_record_and_its_lists_are_saved_together_or_not_at_all(monkeypatch, registry_officer):
    record = make_member()
    interest = Interest.objects.first()
    record.occupation = "Kỹ sư"

    def failing_audit(*args, **kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(records, "audit", failing_audit)
    with pytest.raises(RuntimeError):
        records.save_member(
            record,
            expected_version=record.version,
            actor=registry_officer,
            changed=["occupation", "interests"],
            staff=True,
            lists={"interests": [interest]},
        )
    stored = Member.objects.get(pk=record.pk)
    assert stored.occupation == "" and not stored.interests.exists()


def test_a_conflict_writes_no_list_either(registry_officer):
    record = make_member()
    with pytest.raises(records.EditConflict):
        records.save_member(
            record,
            expected_version=record.version - 1,
            actor=registry_officer,
            lists={"interests": [Interest.objects.first()]},
        )
    assert not record.interests.exists()


def test_saved_lists_go_with_the_record(registry_officer):
    record = make_member()
    interest = Interest.objects.first()
    records.save_member(
        record, expected_version=record.version, actor=None, lists={"interests": [interest]}
    )
    assert list(record.interests.all()) == [interest]
    assert Member.objects.get(pk=record.pk).version == record.version


def test_confirming_the_details_dates_the_record_and_tells_the_listeners():
    record = make_member()
    heard = []

    def listener(sender, pks, **kwargs):
        heard.append(pks)

    members_changed.connect(listener)
    try:
        records.confirm_details(record)
    finally:
        members_changed.disconnect(listener)
    stored = Member.objects.get(pk=record.pk)
    assert stored.last_confirmed_at is not None
    assert stored.version == record.version + 1
    assert heard == [[record.pk]]


def test_the_consents_step_records_the_decisions_and_the_step(member):
    record = Member.objects.create(user=member, full_name="Lê Thị Hoa")
    signup.consents_step_done(record, {"registry": True})
    record.refresh_from_db()
    assert "consents" in record.signup_steps
    assert record.has_consented("registry")
    consent = Consent.objects.get(member=record)
    assert consent.channel == Consent.Channel.WEB
    assert consent.purpose == ConsentPurpose.objects.get(slug="registry")
