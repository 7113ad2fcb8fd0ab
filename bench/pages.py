"""Public page benchmark (run on demand, not in CI).

    .venv/bin/python bench/pages.py [--articles 500] [--runs 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quehuong_pages \\
        .venv/bin/python bench/pages.py

Builds the demo site as `load_demo` does and, inside a transaction rolled back at the end, tops the
Vietnamese news up to --articles articles, each with a picture (the demo's drawn landscapes, their
renditions made as on publishing). So every run times the same site: the articles never outlive a
run, where the demo's next load would give each of them aliases in the other languages. Then it times
anonymous GETs through Django's test client (the whole middleware and template stack, no
network): the home page, the news index (page 1), one article and the section indexes — once
with a picture on every card and article, once with none (the same pages, pictures removed in a
transaction rolled back after). The first request of each page is left out (it fills Wagtail's
site-root cache, the menus' outline and Python's); the rest is the steady state a reader meets.
Prints p50 and p95 of the wall time per page, the p50 of this process's CPU time (the Python side
alone, steadier than wall time on a shared machine; the database server's work is not in it) and
the query count of one request; then each page's time with pictures over its time without.
Targets: p50 ≤ 30 ms; with pictures ≤ 1.3× without.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.images.models import Image  # noqa: E402
from wagtail.models import Page  # noqa: E402

from cms import images  # noqa: E402
from cms.demo import photos  # noqa: E402
from cms.demo.content import load_site  # noqa: E402
from cms.editorial import ensure_editorial_setup  # noqa: E402
from cms.models import (  # noqa: E402
    CharityProgrammePage,
    EventPage,
    InvestmentProjectPage,
    NewsArticlePage,
    NewsIndexPage,
)

PICTURED = (NewsArticlePage, InvestmentProjectPage, CharityProgrammePage, EventPage)


def top_up_news(index: NewsIndexPage, wanted: int) -> int:
    """Live articles under `index` until there are `wanted`; returns how many were added."""
    have = NewsArticlePage.objects.child_of(index).count()
    now = timezone.now()
    for number in range(have, wanted):
        index.add_child(
            instance=NewsArticlePage(
                title=f"Tin thử nghiệm số {number}",
                slug=f"bench-{number}",
                date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number % 600),
                summary="Bản tin tạo ra để đo hiệu năng trang (dữ liệu mẫu).",
                body=[("paragraph", f"<p>Nội dung bản tin thử nghiệm số {number}.</p>")],
                first_published_at=now,
                last_published_at=now,
            )
        )
    return max(0, wanted - have)


def bench_pictures() -> list[Image]:
    """Eight drawn landscapes with their renditions, kept between runs (found by their titles)."""
    pictures = [photos.demo_photo(f"bench-{number}") for number in range(8)]
    for picture in pictures:
        picture.get_renditions(*images.HERO, *images.CARD, images.SHARE)
    return pictures


def remove_earlier_bench_pages() -> int:
    """Articles an earlier version of this bench left behind (and the aliases they were given)."""
    leftovers = Page.objects.filter(slug__startswith="bench-").order_by("-depth")
    count = leftovers.count()
    for page in leftovers:
        page.refresh_from_db()  # a parent's deletion may already have taken it
        page.delete()
    return count


def picture_every_article(index: NewsIndexPage, pictures: list[Image]) -> None:
    """A picture on every article (the eight landscapes in turn)."""
    ids = list(NewsArticlePage.objects.child_of(index).order_by("pk").values_list("pk", flat=True))
    for number, picture in enumerate(pictures):
        NewsArticlePage.objects.filter(pk__in=ids[number :: len(pictures)]).update(
            hero_image=picture, hero_alt=photos.ALT["vi"]
        )


def measure(client: Client, pages: list[tuple[str, str]], runs: int) -> dict[str, float]:
    print(f"  {'page':<22} {'p50':>8} {'p95':>8} {'cpu p50':>8} {'queries':>8}")
    medians = {}
    cache.clear()
    for label, url in pages:
        assert client.get(url).status_code == 200, url  # warm-up, left out
        timings, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        timings.sort()
        p95 = timings[max(0, math.ceil(len(timings) * 0.95) - 1)]
        medians[label] = statistics.median(timings)
        print(
            f"  {label:<22} {medians[label]:5.1f} ms {p95:5.1f} ms"
            f" {statistics.median(cpu):5.1f} ms {len(captured):>8}"
        )
    return medians


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    started = time.monotonic()
    call_command("migrate", verbosity=0)  # the database given, brought up to date
    load_site()
    ensure_editorial_setup()  # as `load_demo` does: the other languages' trees synced from vi
    removed = remove_earlier_bench_pages()
    pictures = bench_pictures()
    with transaction.atomic():
        run(args, started, removed, pictures)
        transaction.set_rollback(True)  # the next run starts from the same site


def run(args: argparse.Namespace, started: float, removed: int, pictures: list[Image]) -> None:
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    added = top_up_news(index, args.articles)
    picture_every_article(index, pictures)
    print(
        f"site ready in {time.monotonic() - started:.1f} s: {Page.objects.count():,} pages"
        f" ({added} bench articles added for this run"
        + (f", {removed} left by an earlier bench removed" if removed else "")
        + ")"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    article = NewsArticlePage.objects.child_of(index).live().order_by("-date", "-pk").first()
    assert article is not None
    pages = [
        ("home", "/vi/"),
        ("news index, page 1", index.url),
        ("one article", article.url),
        ("investment projects", "/vi/du-an-dau-tu/"),
        ("projects, filtered", "/vi/du-an-dau-tu/?sector=energy&status=calling"),
        ("charity programmes", "/vi/thien-nguyen/"),
        ("events", "/vi/su-kien/"),
    ]
    count = NewsArticlePage.objects.child_of(index).live().count()
    print(f"{count:,} Vietnamese articles, {connection.vendor}, {args.runs} runs per page")
    client = Client(HTTP_HOST="localhost")
    print("With a picture on every card and page:")
    pictured = measure(client, pages, args.runs)
    with transaction.atomic():
        for model in PICTURED:
            model.objects.update(hero_image=None)
        print("Without pictures:")
        plain = measure(client, pages, args.runs)
        transaction.set_rollback(True)
    print("With pictures / without:")
    for label, _url in pages:
        print(f"  {label:<22} {pictured[label] / plain[label]:5.2f}×")


if __name__ == "__main__":
    main()
