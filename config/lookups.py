"""`in` on integer keys drops the numbers no such column can hold.

Django already finds nothing, rather than failing, for `pk=2**70` (`IntegerFieldOverflow` on
exact and the comparisons) but not for `pk__in=[2**70]`: SQLite then raises OverflowError when the
query binds it, so a hand-edited `?group=9223372036854775808` or a form's `associations` choice
became a server error wherever Django or a library (Wagtail's filters, `ModelMultipleChoiceField`)
looks records up by a list of keys. No row can hold such a number, so dropping it finds the same
rows on every database; an `in` left with nothing finds nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


class WithinRange(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            field = self.lhs.output_field
            field = getattr(field, "target_field", field)
            low, high = connection.ops.integer_field_ranges.get(
                field.get_internal_type(), (None, None)
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


class IntegerIn(WithinRange):
    pass


class RelatedIntegerIn(WithinRange, RelatedIn):
    pass


def register() -> None:
    IntegerField.register_lookup(IntegerIn)
    ForeignObject.register_lookup(RelatedIntegerIn)
