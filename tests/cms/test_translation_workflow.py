"""Translations go through the chief editors' approval: an editor submits one from the translation
editor, the chief editors are emailed in their own language, and approving it publishes it. The
admin speaks each staff member's language, Vietnamese by default. (The Translations screen:
`test_translation_screen.py`.)"""

import re
import uuid

import pytest
from django.test import TestCase
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Locale, Page, Workflow, WorkflowPage, WorkflowState
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringSegment, TranslationSource
from wagtail_localize.operations import TranslationCreator

from accounts import roles
from accounts.demo import create_demo_staff
from accounts.models import User
from cms.models import Category
from cms.workflow import TASK_NAME, WORKFLOW_NAME, ensure_editorial_workflow
from tests.cms.translating import publish_article, speaks
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(chief_editor):
    return speaks(chief_editor, "en")


def start_translation(client, article: Page, code: str) -> Page:
    """Start a translation into `code` ("Translate this page", on the mirror) as whoever is
    logged in to `client`; the translation, not yet translated."""
    locale = Locale.objects.get(language_code=code)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[article.pk]),
        {"locales": [locale.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return article.get_translation(locale).specific


def translate_strings(client, article: Page, code: str, title: str, leave_out: int = 0) -> None:
    """Type a translation of every string of the page (but the last `leave_out`) into the
    translation editor, as its text boxes send them: a PUT each."""
    locale = Locale.objects.get(language_code=code)
    source = TranslationSource.objects.get_for_instance(article)
    translation_id = source.translations.get(target_locale=locale).pk
    segments = list(StringSegment.objects.filter(source=source).select_related("string", "context"))
    for segment in segments[: len(segments) - leave_out]:
        value = {"title": title, "slug": segment.string.data}.get(
            segment.context.path, f"{code}: {segment.string.data}"
        )
        url = reverse("wagtail_localize:edit_string_translation", args=[translation_id, segment.pk])
        response = client.put(
            url, encode_multipart(BOUNDARY, {"value": value}), content_type=MULTIPART_CONTENT
        )
        assert response.status_code in (200, 201), response.content


def submit(client, page: Page):
    """The approval panel's submit button."""
    return client.post(reverse("cms_submit_translation", args=[page.pk]), follow=True)


def editor_screen(client, page: Page) -> str:
    return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()


def approval_panel(html: str) -> str:
    """The panel above the translation editor, or "" where there is none."""
    if 'class="translation-approval"' not in html:
        return ""
    return html.split('class="translation-approval"', 1)[1].split("</section>", 1)[0]


def buttons(html: str) -> list[str]:
    """The labels of the buttons in `html`, as read."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", b).split())
        for b in re.findall(r"<button[^>]*>(.*?)</button>", html, re.S)
    ]


def message_texts(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def public_text(client, page: Page) -> str:
    """What a visitor reads at the page's (current) address."""
    page.refresh_from_db()
    return client.get(page.url).content.decode()


# --- Submitting ----------------------------------------------------------------------------------


def test_an_editor_submits_a_translation_and_cannot_publish_it(client, translator, synced):
    article = publish_article()
    client.force_login(translator)
    english = start_translation(client, article, "en")
    translate_strings(client, article, "en", "Overseas Vietnamese come home for Tet")

    panel = approval_panel(editor_screen(client, english))
    assert buttons(panel) == [f"Submit to {WORKFLOW_NAME}"]
    # The translation editor's own Publish is refused to an editor.
    refused = client.post(
        reverse("wagtailadmin_pages:edit", args=[english.pk]), {"action": "publish"}
    )
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # "no permission"
    english.refresh_from_db()
    assert english.live_revision_id is None

    response = submit(client, english)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:edit", args=[english.pk])
    assert message_texts(response)[-1] == (
        "The English translation “Overseas Vietnamese come home for Tet” has been submitted to "
        f"{WORKFLOW_NAME}."
    )
    state = english.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == translator
    assert state.workflow.name == WORKFLOW_NAME
    # Visitors still read the Vietnamese original, with the note.
    html = public_text(client, english)
    assert "you are reading the Vietnamese original" in html
    assert "Overseas Vietnamese come home for Tet" not in html
    # The editor is told it waits, and offered nothing to act on it.
    panel = approval_panel(response.content.decode())
    assert "awaiting approval" in panel
    assert buttons(panel) == []
    again = submit(client, english)
    assert message_texts(again) == ["This translation is already awaiting approval."]
    assert english.workflow_states.count() == 1


def test_a_change_to_a_live_translation_stays_off_the_site_until_approved(
    client, translator, chief, synced
):
    article = publish_article()
    client.force_login(translator)
    english = start_translation(client, article, "en")
    translate_strings(client, article, "en", "Overseas Vietnamese come home for Tet")
    submit(client, english)
    approve(client, chief, english)
    assert "Overseas Vietnamese come home for Tet" in public_text(client, english)

    client.force_login(translator)
    translate_strings(client, article, "en", "Overseas Vietnamese celebrate Tet at home")
    submit(client, english)
    html = public_text(client, english)
    assert "Overseas Vietnamese come home for Tet" in html
    assert "celebrate Tet at home" not in html
    approve(client, chief, english)
    assert "Overseas Vietnamese celebrate Tet at home" in public_text(client, english)


def test_an_unfinished_translation_cannot_be_submitted(client, translator, synced):
    article = publish_article()
    client.force_login(translator)
    english = start_translation(client, article, "en")
    translate_strings(client, article, "en", "Overseas Vietnamese come home for Tet", leave_out=1)

    panel = approval_panel(editor_screen(client, english))
    assert "1 of " in panel and "texts are not translated yet" in panel
    # The button stays, as the last text is translated on this screen without reloading it;
    # pressing it now is refused.
    assert buttons(panel) == [f"Submit to {WORKFLOW_NAME}"]
    response = submit(client, english)
    assert any("texts are not translated yet" in text for text in message_texts(response))
    assert english.current_workflow_state is None


def test_a_snippet_translation_has_no_approval_panel(client, translator, synced):
    category = Category.objects.create(
        name="Đầu tư", slug=f"dau-tu-{uuid.uuid4().hex[:6]}", locale=Locale.get_default()
    )
    TranslationCreator(translator, [Locale.objects.get(language_code="en")]).create_translations(
        category
    )
    english = category.get_translation(Locale.objects.get(language_code="en"))
    client.force_login(translator)
    url = reverse("wagtailsnippets_cms_category:edit", args=[english.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "js-translation-editor" in response.content.decode()
    assert approval_panel(response.content.decode()) == ""


# --- The chief editor ----------------------------------------------------------------------------


def approve(client, chief_editor: User, page: Page):
    """Approve from the panel of the translation editor, which posts to Wagtail's own view."""
    client.force_login(chief_editor)
    panel = approval_panel(editor_screen(client, page))
    action = re.search(r'<form method="post" action="([^"]+/approve/\d+/)"', panel).group(1)
    assert action.startswith("/admin/pages/workflow/action/")
    return client.post(action, {"comment": "", "next": f"/admin/pages/{page.pk}/edit/"})


def test_the_chief_editor_is_emailed_in_their_language(client, translator, synced, mailoutbox):
    vietnamese = speaks(
        make_user("tong.bien.tap@example.org", groups=(roles.CHIEF_EDITORS,), mfa=True), "vi"
    )
    english_speaking = speaks(
        make_user("chief.en@example.org", groups=(roles.CHIEF_EDITORS,), mfa=True), "en"
    )
    article = publish_article()
    client.force_login(translator)
    english = start_translation(client, article, "en")
    translate_strings(client, article, "en", "Overseas Vietnamese come home for Tet")
    mailoutbox.clear()
    submit(client, english)

    mails = {mail.to[0]: mail for mail in mailoutbox}
    assert set(mails) >= {vietnamese.email, english_speaking.email}
    assert translator.email not in mails
    in_vietnamese, in_english = mails[vietnamese.email], mails[english_speaking.email]
    assert in_english.subject == (
        'The page "Overseas Vietnamese come home for Tet" has been submitted for approval in '
        f'moderation stage "{TASK_NAME}"'
    )
    assert "Hello" in in_english.body
    assert f"/admin/pages/{english.pk}/edit/" in in_english.body
    assert in_vietnamese.subject == (
        f"Trang “Overseas Vietnamese come home for Tet” đang chờ duyệt ở bước “{TASK_NAME}”"
    )
    assert in_vietnamese.body.startswith("Xin chào")
    assert f"/admin/pages/{english.pk}/edit/" in in_vietnamese.body
    for english_words in ("Hello", "has been submitted", "You can", "Edit your notification"):
        assert english_words not in in_vietnamese.body


def test_the_chief_editor_approves_and_the_translation_goes_live(
    client, translator, chief, synced, mailoutbox
):
    article = publish_article()
    client.force_login(translator)
    english = start_translation(client, article, "en")
    translate_strings(client, article, "en", "Overseas Vietnamese come home for Tet")
    submit(client, english)

    client.force_login(chief)
    panel = approval_panel(editor_screen(client, english))
    assert buttons(panel) == ["Request changes", "Approve"]
    preview = re.search(r'href="(/admin/pages/workflow/preview/[^"]+)"', panel).group(1)
    assert "Overseas Vietnamese come home for Tet" in client.get(preview).content.decode()
    # It is also waiting on the chief editor's dashboard.
    assert "Overseas Vietnamese come home for Tet" in client.get("/admin/").content.decode()

    mailoutbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = approve(client, chief, english)
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.live and english.live_revision_id is not None
    assert english.current_workflow_state is None
    html = public_text(client, english)
    assert "Overseas Vietnamese come home for Tet" in html
    assert "translation-fallback" not in html
    assert [mail.to for mail in mailoutbox] == [[translator.email]]  # "approved", to the editor
    # Nothing new to approve until a text changes.
    client.force_login(translator)
    panel = approval_panel(editor_screen(client, english))
    assert "This translation is live as it stands" in panel
    assert buttons(panel) == []
    translate_strings(client, article, "en", "Overseas Vietnamese come home for Tết")
    assert buttons(approval_panel(editor_screen(client, english))) == [f"Submit to {WORKFLOW_NAME}"]


def test_a_chief_editor_publishing_the_translation_directly_ends_the_submission(
    client, translator, chief, synced
):
    article = publish_article()
    client.force_login(translator)
    english = start_translation(client, article, "en")
    translate_strings(client, article, "en", "Overseas Vietnamese come home for Tet")
    submit(client, english)
    waiting = english.current_workflow_state
    client.force_login(chief)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[english.pk]), {"action": "publish"}
        )
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.live_revision_id is not None
    assert english.current_workflow_state is None
    waiting.refresh_from_db()
    assert waiting.status == WorkflowState.STATUS_CANCELLED
    assert "Overseas Vietnamese come home for Tet" in public_text(client, english)


def test_the_chief_editor_requests_changes_and_the_editor_resubmits(
    client, translator, chief, synced
):
    article = publish_article()
    client.force_login(translator)
    english = start_translation(client, article, "en")
    translate_strings(client, article, "en", "Overseas Vietnamese come home for Tet")
    submit(client, english)

    client.force_login(chief)
    panel = approval_panel(editor_screen(client, english))
    action = re.search(r'<form method="post" action="([^"]+/reject/\d+/)"', panel).group(1)
    client.post(action, {"comment": "“Tet” needs its diacritics: Tết.", "next": "/admin/"})
    assert english.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    client.force_login(translator)
    panel = approval_panel(editor_screen(client, english))
    assert "Tết." in panel
    assert buttons(panel) == [f"Resubmit to {TASK_NAME}"]
    translate_strings(client, article, "en", "Overseas Vietnamese come home for Tết")
    submit(client, english)
    state = english.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision.as_object().title == (
        "Overseas Vietnamese come home for Tết"
    )


# --- Names and languages -------------------------------------------------------------------------


def test_the_workflow_is_named_in_vietnamese_and_an_english_name_is_renamed(site_pages):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert WORKFLOW_NAME == TASK_NAME == "Tổng biên tập duyệt"
    Workflow.objects.filter(pk=workflow.pk).update(name="Chief editor approval")
    GroupApprovalTask.objects.filter(name=TASK_NAME).update(name="Chief editor approval")

    ensure_editorial_workflow()
    ensure_editorial_workflow()
    renamed = Workflow.objects.get(pk=workflow.pk)
    assert renamed.name == WORKFLOW_NAME
    assert not Workflow.objects.filter(name="Chief editor approval").exists()
    assert [task.name for task in renamed.tasks.all()] == [TASK_NAME]
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow == renamed


def admin_language(client) -> str:
    return re.search(r'<html lang="([\w-]+)"', client.get("/admin/").content.decode()).group(1)


def test_the_admin_is_vietnamese_unless_the_staff_member_chose_otherwise(
    client, editor, site_pages
):
    client.force_login(editor)
    client.cookies["django_language"] = "en"  # had been reading the English site
    assert admin_language(client) == "vi"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en-GB,en;q=0.9"
    assert admin_language(client) == "vi"
    speaks(editor, "en")
    assert admin_language(client) == "en"


def test_demo_staff_read_the_admin_in_vietnamese(site_pages):
    staff = create_demo_staff("a demo password for every role")
    for account in staff:
        user = User.objects.get(email=account.email)
        assert UserProfile.get_for_user(user).get_preferred_language() == "vi"
    # A reset keeps a choice made since.
    chief = speaks(User.objects.get(email=staff[1].email), "en")
    create_demo_staff("a demo password for every role")
    assert UserProfile.get_for_user(chief).get_preferred_language() == "en"
