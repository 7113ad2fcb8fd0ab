"""Saved-search alerts: tell an officer how many members matching a saved search are new.

"New" is joined or changed since the last alert (`updated_since`), so a member who moves to
Budapest shows up in "300 km of Budapest" too. The email carries a count and a link, never a
name: mailboxes are forwarded, synced to phones and kept for years.

A registry viewer's count obeys the same rule as on the screen (`registry.disclosure`): the email
says "10–14", never an exact number, and is sent only once at least the threshold of new members
match; until then they add up (the date stays), since an email saying "fewer than 5" would tell
by its mere arrival that somebody did.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from registry import disclosure
from search.forms import StaffSearchForm
from search.models import SavedSearch
from search.services import can_search, search_members

logger = logging.getLogger(__name__)


def send_alerts() -> int:
    """Check every saved search with alerts on; email its owner when it has new members.

    Returns the number of emails sent. A search whose email fails keeps its date, so the
    next run tells the owner again: nothing is skipped because the mail server was down.
    """
    sent = 0
    due = SavedSearch.objects.filter(alert=True, owner__is_active=True).select_related("owner")
    for saved in due:
        owner = saved.owner
        if not can_search(owner):
            continue  # their role changed: no more alerts
        checked_at = timezone.now()
        form = StaffSearchForm(saved.params, with_text=owner.has_perm("registry.view_member"))
        if not form.is_valid():
            continue
        query = form.to_query(updated_since=saved.alerted_up_to, facets=(), page_size=1)
        found = search_members(query).total or 0
        threshold = disclosure.threshold_for(owner)
        shown = disclosure.shown(found, threshold)
        if shown.suppressed:
            continue  # a viewer's few new matches wait for more
        if found and not _send(saved, shown):
            continue
        saved.alerted_up_to = checked_at
        saved.save(update_fields=["alerted_up_to"])
        sent += bool(found)
    return sent


def _send(saved: SavedSearch, found: disclosure.ShownCount) -> bool:
    owner = saved.owner
    language = UserProfile.get_for_user(owner).get_preferred_language()
    link = f"{settings.WAGTAILADMIN_BASE_URL}{reverse('registry_search')}?{saved.query_string}"
    context = {
        "saved": saved,
        "found": found.low if found.exact else None,
        "shown": found,
        "link": link,
        "since": saved.alerted_up_to,
    }
    with translation.override(language):
        subject = render_to_string("search/email/alert_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body=render_to_string("search/email/alert_message.txt", context),
            to=[owner.email],
        )
        message.attach_alternative(
            render_to_string("search/email/alert_message.html", context), "text/html"
        )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning(
            "Saved-search alert not sent (%s); kept for the next run", type(error).__name__
        )
        return False
    return True
