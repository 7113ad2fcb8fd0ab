"""Every log line names the request that caused it, and none carries what a person typed."""

from __future__ import annotations

import copy
import json
import logging
import logging.config
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

EMAIL = "an.nguyen@example.com"


def logging_to(path: Path, formatter: str) -> dict[str, Any]:
    config: dict[str, Any] = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"] = {
        **config["handlers"]["console"],
        "class": "logging.FileHandler",
        "filename": str(path),
        "encoding": "utf-8",
        "formatter": formatter,
    }
    config["loggers"]["django.request"] = {"level": "INFO"}  # a 404's line too
    return config


@pytest.fixture(params=["plain", "json"])
def log_file(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / f"quehuong-{request.param}.log"
    logging.config.dictConfig(logging_to(path, request.param))
    try:
        yield path
    finally:
        logging.config.dictConfig(settings.LOGGING)


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.django_db
def test_it_logs_and_answers_with_the_proxys_request_id(client, log_file):
    response = client.get(
        "/vi/no-such-page/", {"q": EMAIL}, HTTP_X_REQUEST_ID="5f0c2a9e81b64d7e9d0e3c1a2b4f6e8d"
    )
    assert response.status_code == 404
    assert response["X-Request-ID"] == "5f0c2a9e81b64d7e9d0e3c1a2b4f6e8d"
    [line] = [line for line in lines(log_file) if "Not Found" in line]
    assert "5f0c2a9e81b64d7e9d0e3c1a2b4f6e8d" in line
    if log_file.name.endswith("json.log"):
        entry = json.loads(line)
        assert entry["request_id"] == "5f0c2a9e81b64d7e9d0e3c1a2b4f6e8d"
        assert entry["message"] == "Not Found: /vi/no-such-page/"
        assert entry["level"] == "WARNING"
    assert EMAIL not in log_file.read_text(encoding="utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize("sent", [None, EMAIL, "short", "new\nline-forged-0123456789"])
def test_a_missing_or_unsafe_id_is_replaced_by_a_new_one(client, log_file, sent):
    headers = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}
    response = client.get("/vi/no-such-page/", **headers)
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    logged = log_file.read_text(encoding="utf-8")
    assert request_id in logged
    assert "forged" not in logged and EMAIL not in logged


@pytest.mark.django_db
def test_each_request_gets_its_own_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_line_outside_any_request_says_so(log_file):
    logging.getLogger("quehuong.test").warning("GET /admin/registry/search/?q=%s done", EMAIL)
    [line] = lines(log_file)
    assert EMAIL not in line and "/admin/registry/search/?…" in line
    if log_file.name.endswith("json.log"):
        assert json.loads(line)["request_id"] == "-"
    else:
        assert "[-]" in line
