import pytest
from django.core.management import call_command


@pytest.fixture
def demo_site(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
