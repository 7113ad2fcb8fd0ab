"""Wagtail's messages that Vietnamese staff meet while pages and translations go through approval,
kept in our own catalogue so that they read in Vietnamese.

Wagtail's Vietnamese catalogue has about one message in seven: the workflow emails (subject and
body), the editor's "Save draft" and "Page title", "Request changes", the dashboard's "Awaiting
your review", the menu's "Images" and "Snippets" were English, and "Submit to …" read
"Thực hiện …" ("carry out …"). Only what editors and chief editors meet daily is here; the rest
of Wagtail's admin is still mostly English in Vietnamese. Django looks a
message up in LOCALE_PATHS before Wagtail's own catalogues, so a translation in locale/vi/ wins
wherever Wagtail shows that message; the other languages keep Wagtail's own wording.

Nothing imports this module: it is here for `make messages` (makemessages), which finds the message
ids below and keeps them in our catalogues. Each id must be exactly Wagtail's (a template's
`blocktrans trimmed`, with its placeholders), or Wagtail's own text still shows; config's
third_party_text.py does the same for Django's and other packages' messages.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

# wagtail/admin/templates/wagtailadmin/notifications/: what the chief editors and the editor who
# submitted are emailed (submitted, approved, changes requested), pages only.
NOTIFICATIONS = (
    gettext_noop("Hello %(username)s,"),
    gettext_noop("Edit your notification preferences here:"),
    gettext_noop(
        'The page "%(title)s" has been submitted for approval in moderation stage "%(task)s"'
    ),
    gettext_noop(
        'The page "%(title)s" has been submitted for approval to moderation stage "%(task)s".'
    ),
    gettext_noop("You can preview the page here:"),
    gettext_noop("You can edit the page here:"),
    gettext_noop('The page "%(title)s" has been submitted to workflow "%(workflow)s"'),
    gettext_noop(
        'The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s" '
        "by %(requester)s."
    ),
    gettext_noop(
        'The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'
    ),
    gettext_noop('The page "%(title)s" has been approved in "%(workflow)s".'),
    gettext_noop('The page "%(title)s" has been approved in workflow "%(workflow)s".'),
    gettext_noop("You can view the page here:"),
    gettext_noop('The page "%(title)s" has been rejected during "%(workflow)s".'),
    gettext_noop(
        'The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" '
        "by %(rejector)s."
    ),
    gettext_noop(
        'The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'
    ),
    gettext_noop('The following comment was left: "%(comment)s"'),
)

# The page editor's action menu, the approval actions and the dashboard (wagtail/admin).
EDITING = (
    gettext_noop("Save draft"),
    gettext_noop("Page title"),
    gettext_noop("Submit to %(workflow_name)s"),
    gettext_noop("Resubmit to %(task_name)s"),
    gettext_noop("Page '%(page_title)s' has been submitted for moderation."),
    gettext_noop("Approve"),
    gettext_noop("Approve with comment"),
    gettext_noop("Request changes"),
    gettext_noop("Awaiting your review"),
)

# What frames every screen an editor works in: the menu, the page editor's tabs and a page's state.
ADMIN_FRAME = (
    gettext_noop("Images"),
    gettext_noop("Documents"),
    gettext_noop("Snippets"),
    gettext_noop("Reports"),
    gettext_noop("Help"),
    gettext_noop("Workflows"),
    gettext_noop("Locked pages"),
    gettext_noop("Add child page"),
    gettext_noop("Content"),
    gettext_noop("Promote"),
    gettext_noop("Live"),
    gettext_noop("In Moderation"),
)
