"""The registry's models, one module a subject; re-exported here, so that `registry.models.Member`
is where Django, the migrations and the rest of the project find them."""

from registry.models.associations import Association, HttpsURLField
from registry.models.consents import Consent, ConsentPurpose, ConsentText
from registry.models.exports import Export
from registry.models.members import Member
from registry.models.places import LegacyCommune, Ward
from registry.models.records import (
    AuditEntry,
    AuditSubject,
    ImportBatch,
    MergeRecord,
    RecordInvitation,
)
from registry.models.reference import Interest, Language, ReferenceItem, Sector

__all__ = [
    "Association",
    "AuditEntry",
    "AuditSubject",
    "Consent",
    "ConsentPurpose",
    "ConsentText",
    "Export",
    "HttpsURLField",
    "ImportBatch",
    "Interest",
    "Language",
    "LegacyCommune",
    "Member",
    "MergeRecord",
    "RecordInvitation",
    "ReferenceItem",
    "Sector",
    "Ward",
]
