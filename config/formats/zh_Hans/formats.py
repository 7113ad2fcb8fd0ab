"""Simplified Chinese amounts grouped by thousands with commas (1,450,000,000), as news and
official documents in China print them; Django's groups by four without a separator."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
