"""Staff cannot use the admin until they have an authenticator app; then they can."""

import pytest

from accounts import roles
from tests.conftest import PASSWORD, make_user, totp_code

pytestmark = pytest.mark.django_db

ADMIN_URLS = ["/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/", "/admin/account/"]


def log_in(client, email: str) -> None:
    response = client.post("/en/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("group", [roles.EDITORS, roles.REGISTRY_OFFICERS, roles.ADMINISTRATORS])
def test_staff_without_mfa_are_sent_to_set_it_up(client, group):
    user = make_user(f"{group.split()[0].lower()}@example.org", groups=(group,))
    log_in(client, user.email)
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/2fa/totp/activate/" in response["Location"], url


def test_staff_who_set_up_totp_reach_the_admin(client):
    user = make_user("new.editor@example.org", groups=(roles.EDITORS,))
    log_in(client, user.email)
    assert client.get("/admin/").status_code == 302

    # Setting up an authenticator asks for the password once more (allauth's re-authentication).
    response = client.get("/en/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/en/accounts/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get("/en/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302

    for url in ["/admin/", "/admin/pages/"]:
        assert client.get(url).status_code == 200, url


def test_staff_with_mfa_must_give_a_code_at_login(client, editor):
    response = client.post("/en/accounts/login/", {"login": editor.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session

    response = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session

    client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(editor.totp_secret)})
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_hands_over_to_the_one_site_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/vi/accounts/login/?next=/admin/pages/"
    response = client.get("/admin/pages/")
    assert response["Location"].startswith("/vi/accounts/login/")


def test_members_without_admin_access_are_not_asked_for_mfa_and_do_not_get_in(client, member):
    log_in(client, member.email)
    response = client.get("/admin/")
    assert response.status_code in {302, 403}
    assert "/2fa/" not in response.get("Location", "")
