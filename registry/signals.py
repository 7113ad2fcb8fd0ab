"""Signals the registry sends for changes that `Model.save()` does not announce.

Bulk writes and single-column updates (verification, the end of sign-up, the yearly check,
generated members) bypass `post_save`; whoever keeps a copy of member data (the search index)
listens to `members_changed` as well. The registry itself knows nothing of its listeners.
"""

from django.dispatch import Signal

# Sent with `pks`: the ids of members whose data changed.
members_changed = Signal()
