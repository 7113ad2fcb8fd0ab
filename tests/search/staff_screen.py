"""Helpers of the staff search screen's tests (`test_staff_search.py`,
`test_staff_search_form.py`, `test_disclosure.py`): the admin in English, a search sent."""

from urllib.parse import urlencode

from django.urls import reverse
from wagtail.users.models import UserProfile


def english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def search(client, **params):
    response = client.get(reverse("registry_search") + "?" + urlencode(params, doseq=True))
    assert response.status_code == 200
    return response
