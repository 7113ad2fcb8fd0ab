"""Logs without the personal values people type.

A search's words (often a person's name) travel in the query string of staff search links, so
an access log that keeps query strings keeps names long after the person is erased. This project
keeps logs free of query strings instead of hiding the words from the address: the development
server's request lines lose theirs here, and the production web server is configured the same
way (README, "Logs").
"""

from __future__ import annotations

import logging
import re

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
