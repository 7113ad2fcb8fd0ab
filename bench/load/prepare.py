"""What the load test's simulated people need, written to a plan file for the locustfile.

    DATABASE_URL=… .venv/bin/python bench/load/prepare.py --plan var/load/plan.json

Run by bench/load/run.py after `load_demo` and `generate_members`. It keeps (and re-uses):

- member accounts `member<n>@load.quehuong.example`, each the account of one finished synthetic
  record (verified email, so allauth lets them in);
- registry officer accounts `officer<n>@load.quehuong.example`, each with its own authenticator
  (allauth refuses a TOTP code used once already, so simulated officers cannot share one);

and lists the public pages to visit from the live page tree (home, news, an article, investment,
charity and event pages, in every language that has them) and the officers' searches, built from
the registry's own names, countries, cities and districts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402
from wagtail.models import Page  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.demo import totp_secret  # noqa: E402
from accounts.models import User  # noqa: E402
from cms.models import (  # noqa: E402
    CharityProgrammeIndexPage,
    CharityProgrammePage,
    EventIndexPage,
    EventPage,
    HomePage,
    InvestmentProjectIndexPage,
    InvestmentProjectPage,
    NewsArticlePage,
    NewsIndexPage,
)
from registry.filters import district_choices  # noqa: E402
from registry.gazetteer import find_cities  # noqa: E402
from registry.models import Member, Ward  # noqa: E402

DOMAIN = "load.quehuong.example"
KINDS = {
    "home": HomePage,
    "news_index": NewsIndexPage,
    "news_article": NewsArticlePage,
    "investment_index": InvestmentProjectIndexPage,
    "investment_project": InvestmentProjectPage,
    "charity_index": CharityProgrammeIndexPage,
    "charity_programme": CharityProgrammePage,
    "event_index": EventIndexPage,
    "event": EventPage,
}
# Detail pages of each kind per language: enough to spread over, few enough to stay "typical".
PER_LANGUAGE = 6


def public_pages() -> dict[str, list[str]]:
    """Path of each live, public page by kind (`/vi/tin-tuc/…`), taken from the page tree."""
    pages: dict[str, list[str]] = {}
    for kind, model in KINDS.items():
        found: dict[str, list[str]] = {}
        for page in model.objects.live().public().select_related("locale").order_by("-pk"):
            paths = found.setdefault(page.locale.language_code, [])
            if len(paths) < PER_LANGUAGE:
                url = Page.get_url(page)
                if url:
                    paths.append(url)
        pages[kind] = [path for paths in found.values() for path in paths]
    return pages


@transaction.atomic
def member_accounts(count: int, password: str) -> list[str]:
    """`count` signed-up members, each the account of a finished synthetic record."""
    emails = [f"member{number}@{DOMAIN}" for number in range(count)]
    have = set(Member.objects.filter(user__email__in=emails).values_list("user__email", flat=True))
    spare = Member.objects.filter(
        user=None, source=Member.Source.GENERATED, profile_completed_at__isnull=False
    ).order_by("pk")
    records = iter(spare[: count - len(have)])
    languages = [code for code, _name in settings.LANGUAGES]
    for number, email in enumerate(emails):
        user = User.objects.filter(email=email).first() or User(email=email)
        user.language = languages[number % len(languages)]
        user.set_password(password)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if email not in have:
            record = next(records)
            record.user, record.email = user, email
            record.save(update_fields=["user", "email"])
    return emails


@transaction.atomic
def officer_accounts(count: int, password: str) -> list[dict[str, str]]:
    """`count` registry officers, each with an authenticator of their own."""
    officers = []
    group = Group.objects.get(name=roles.REGISTRY_OFFICERS)
    for number in range(count):
        email = f"officer{number}@{DOMAIN}"
        user = User.objects.filter(email=email).first() or User(email=email)
        user.first_name, user.last_name = "Officer", str(number)
        user.set_password(password)
        user.save()
        user.groups.set([group])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        secret = totp_secret(user)
        if secret is None:
            secret = generate_totp_secret()
            TOTP.activate(user, secret)
        officers.append({"email": email, "totp_secret": secret})
    return officers


def officer_searches() -> list[dict[str, str | list[str]]]:
    """The staff search screen's query strings for what officers typically ask."""
    province = settings.PROVINCE_CODE
    districts = [code for code, _name in district_choices(province)]
    ward = Ward.objects.filter(province_code=province).order_by("pk").first()
    assert ward is not None and districts, "load_demo first: the province's units are missing"
    tokyo, budapest, seoul = (
        find_cities(country, name)[0]
        for country, name in (("JP", "Tokyo"), ("HU", "Budapest"), ("KR", "Seoul"))
    )
    return [
        {"q": "nguyen van an"},
        {"q": "Nguyễn Thị Hương"},
        {"q": "tran"},
        {"q": "hung", "country": "DE"},
        {"q": "kỹ sư"},
        {"country": "JP"},
        {"country": "KR", "interest": "investment"},
        {"country": ["US", "CA"], "sector": "it"},
        {"place": f"{tokyo.geonameid}:50"},
        {"place": f"{budapest.geonameid}:300", "interest": "investment"},
        {"place": [f"{seoul.geonameid}:100", f"{tokyo.geonameid}:100"], "sort": "distance"},
        {"district": districts[0]},
        {"q": "nguyen", "district": districts[len(districts) // 2]},
        {"ward": str(ward.pk)},
        {"language": "ja", "sector": "it"},
        {"age": "30-44", "country": "DE"},
        {"verified": "yes", "consent": "staff-contact"},
        {"sort": "newest"},
        {"sort": "name", "page": "5"},
        {"q": "le", "country": "AU", "interest": "charity"},
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", type=Path, required=True)
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--officers", type=int, default=8)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    plan = {
        "pages": public_pages(),
        "members": member_accounts(args.members, args.password),
        "officers": officer_accounts(args.officers, args.password),
        "searches": officer_searches(),
        "registry_size": Member.objects.count(),
        "password": args.password,
    }
    args.plan.parent.mkdir(parents=True, exist_ok=True)
    args.plan.write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    counts = {kind: len(paths) for kind, paths in plan["pages"].items()}
    print(f"Plan written to {args.plan}: pages {counts}; {plan['registry_size']:,} members")


if __name__ == "__main__":
    main()
