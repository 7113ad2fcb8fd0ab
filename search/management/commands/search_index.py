from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from elasticsearch import ApiError, TransportError

from search import elastic, outbox
from search.database.filters import searchable
from search.engine import elasticsearch_client
from search.models import IndexTask

OUTDATED = (
    "The index was built by an earlier version (its mappings differ): searches rank poorly until "
    "`manage.py search_index rebuild`."
)


class Command(BaseCommand):
    help = (
        "The registry search index: rebuild (new index, then an alias swap), verify (database "
        "against index, --fix repairs), drain (apply waiting changes now), status."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "verify", "drain", "status"])
        parser.add_argument("--fix", action="store_true", help="verify: repair what differs")

    def handle(self, *args: Any, **options: Any) -> None:
        client = elasticsearch_client()
        if client is None:
            raise CommandError(
                "ELASTICSEARCH_URL is not set: this installation searches the database, "
                "which needs no index."
            )
        try:
            getattr(self, options["action"])(client, options)
        except (TransportError, ApiError) as error:
            raise CommandError(f"Elasticsearch did not answer: {type(error).__name__}") from error

    def rebuild(self, client: Any, options: dict[str, Any]) -> None:
        total = searchable().count()
        started = time.monotonic()

        def progress(done: int) -> None:
            if done % 1000 == 0 or done == total:
                width = 30
                filled = width * done // max(total, 1)
                self.stdout.write(
                    f"\r  [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}", ending=""
                )
                self.stdout.flush()

        count = elastic.rebuild(client, progress=progress)
        elapsed = time.monotonic() - started
        self.stdout.write("")
        rate = count / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {count:,} members in {elapsed:.1f} s ({rate:,.0f}/s); "
                f"alias {elastic.alias()} swapped."
            )
        )

    def verify(self, client: Any, options: dict[str, Any]) -> None:
        elastic.ensure_index(client)
        if not elastic.mapping_is_current(client):
            raise CommandError(OUTDATED)
        found = elastic.drift(client)
        problems = sum(len(ids) for ids in found.values())
        for kind, ids in found.items():
            self.stdout.write(f"  {kind}: {len(ids)}")
        if not problems:
            self.stdout.write(self.style.SUCCESS("No drift: the index matches the database."))
            return
        if options["fix"]:
            pks = [pk for ids in found.values() for pk in ids]
            elastic.index_members(client, pks)
            self.stdout.write(self.style.SUCCESS(f"Repaired {len(pks)} documents."))
        else:
            raise CommandError(f"{problems} differences; run with --fix to repair them.")

    def drain(self, client: Any, options: dict[str, Any]) -> None:
        applied = outbox.drain_all(force=True)
        waiting = IndexTask.objects.count()
        self.stdout.write(f"Applied {applied} waiting changes; {waiting} still waiting.")
        if waiting:
            raise CommandError("Elasticsearch did not take every change; they will be retried.")

    def status(self, client: Any, options: dict[str, Any]) -> None:
        elastic.ensure_index(client)
        indices = list(client.indices.get_alias(name=elastic.alias()).keys())
        documents = client.count(index=elastic.alias())["count"]
        self.stdout.write(f"  alias: {elastic.alias()} → {', '.join(indices)}")
        self.stdout.write(
            f"  documents: {documents:,}; members in the registry: {searchable().count():,}"
        )
        self.stdout.write(f"  changes waiting: {IndexTask.objects.count():,}")
        if not elastic.mapping_is_current(client):
            self.stdout.write(self.style.WARNING(f"  {OUTDATED}"))
