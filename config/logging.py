"""Logs without the personal values people type.

A search's words (often a person's name) travel in the query string of staff search links, so
an access log that keeps query strings keeps names long after the person is erased. This project
keeps logs free of query strings instead of hiding the words from the address: the development
server's request lines lose theirs here, and the production web server is configured the same
way (README, "Security").

Every line also carries the id of the request that caused it (`RequestId`, set by
config.middleware.RequestIdMiddleware), in plain text or as JSON (`LOG_FORMAT`).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

# "GET /admin/registry/search/?q=Nguyễn+Văn+An HTTP/1.1" → "GET /admin/registry/search/?… HTTP/1.1"
QUERY_STRING = re.compile(r"(/[^\s?]*)\?\S*")


def without_query_strings(text: str) -> str:
    return QUERY_STRING.sub(r"\1?…", text)


class NoQueryStrings(logging.Filter):
    """Rewrites every record's message with each URL's query string cut off."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = without_query_strings(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


# --- Request ids ----------------------------------------------------------------------------------
# One id per request, in every log line the request causes and in its X-Request-ID response header,
# so an error a person reports ("it failed at 10:42") is found in the logs of every machine. nginx
# sends its own `$request_id`; a request that comes without one, or with anything but a plain
# token, gets a new one here.
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id_from(header: str | None) -> str:
    """The proxy's id when it is a plain token, else a new one (never text a client chose freely,
    which could forge log lines or carry a personal value into them)."""
    if header and SAFE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestId(logging.Filter):
    """Adds `request_id` to every record: the current request's, or "-" outside one.

    Two lines are written after the middleware has let go of the request: Django's line for a
    4xx/5xx answer, which carries the request (its `request_id`, set by the middleware), and
    gunicorn's access line, which carries the response's headers among its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = REQUEST_ID.get() or getattr(
            getattr(record, "request", None), "request_id", None
        )
        if request_id is None and isinstance(record.args, Mapping):
            found = record.args.get("{x-request-id}o")
            request_id = found if isinstance(found, str) else None
        record.request_id = request_id or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line (`LOG_FORMAT=json`), for a log collector to index by field.

    Only these fields: the message has already lost its query strings (NoQueryStrings), and no
    record attribute a library attached (a request object, a user) is dumped.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """Django's LOGGING: one console handler, every line through both filters above."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "config.logging.JsonFormatter"},
        },
        "filters": {
            "request_id": {"()": "config.logging.RequestId"},
            "no_query_strings": {"()": "config.logging.NoQueryStrings"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id", "no_query_strings"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.request": {"level": "ERROR"},
            # The development server's access log, through the same filters.
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "elastic_transport": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},
            "django_tasks_db": {"level": "WARNING"},
            "apscheduler": {"level": "WARNING"},
            "wagtail": {"level": "WARNING"},
            # WeasyPrint narrates each step of a trip's PDF (fetching, layout, fonts).
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
