"""Three kinds of people on the site at once (run by bench/load/run.py; loopback only).

- `Visitor`: anonymous reader of the public pages (home, news list, an article, investment,
  charity and event pages) in every language, as listed in the plan from the live page tree.
  Each request says `Cache-Control: no-cache`, and there is no cache between locust and gunicorn
  anyway: every answer is rendered by Django ("uncached").
- `Member`: signs in once through allauth's form, then reads their own registry pages.
- `Officer`: a registry officer who signs in with password and one-time code (allauth MFA), then
  searches the registry the way the staff screen does (page first, then its deferred counts).

The plan (LOAD_PLAN, written by bench/load/prepare.py) holds the pages, accounts and searches.
Responses are checked: a 200 that is the sign-in page instead of the one asked for is a failure.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

from gevent.lock import Semaphore
from locust import HttpUser, LoadTestShape, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.load.steps import Recorder, Stepper, StepPlan  # noqa: E402

PLAN: dict[str, Any] = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
PICK = random.Random()  # noqa: S311 - which page a simulated person opens, not a secret
NO_CACHE = {"Cache-Control": "no-cache"}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
COUNTS_LINK = re.compile(r'class="[^"]*staff-search__count-now[^"]*"[^>]*href="([^"]+)"')
# allauth's "login" limit is 30 a minute per IP, and every simulated person comes from 127.0.0.1:
# sign-ins are spaced so that a step never trips it (they happen while users are spawning, which
# --reset-stats leaves out of the numbers).
LOGIN_SPACING = 2.2
_login_gate = Semaphore()
_last_login = [0.0]


def send_secure_cookies_over_http(cookies: Any) -> None:
    """Let the site's `Secure` cookies go back over plain HTTP on loopback.

    Production sets Secure on the session and CSRF cookies; the load test talks HTTP to gunicorn
    (no TLS proxy in front), and the server's settings are left as in production. (A cookie policy
    on the jar would not do: requests copies the cookies into a fresh jar for each request.)
    """
    for cookie in cookies:
        cookie.secure = False


def spaced_login() -> None:
    with _login_gate:
        wait = _last_login[0] + LOGIN_SPACING - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        _last_login[0] = time.monotonic()


def totp_code(secret: str) -> str:
    """The current code, made early enough in its 30-second step to arrive within it."""
    left = 30 - time.time() % 30
    if left < 3:
        time.sleep(left + 0.1)
    # RFC 6238 as authenticator apps (and allauth) compute it: HMAC-SHA1, 6 digits.
    digest = hmac.new(
        base64.b32decode(secret), int(time.time() // 30).to_bytes(8, "big"), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    return f"{int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF:010d}"[-6:]


class SiteUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    accounts: list[Any] = []
    _next_account = 0

    @classmethod
    def take_account(cls) -> Any:
        """Each simulated person a different account, round the pool."""
        account = cls.accounts[cls._next_account % len(cls.accounts)]
        cls._next_account += 1
        return account

    def get(self, url: str, name: str, expect: str = "") -> str:
        """GET `url`; a failure unless it answers 200 (with `expect` in the page if given)."""
        send_secure_cookies_over_http(self.client.cookies)
        with self.client.get(url, name=name, headers=NO_CACHE, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")
            elif expect and expect not in response.text:
                response.failure(f"{url} did not show {expect!r} (landed on {response.url})")
            else:
                response.success()
            return response.text or ""

    def log_in(self, email: str, password: str, name: str) -> str:
        """allauth's form, as a browser posts it; returns where it sent us."""
        spaced_login()
        page = self.get("/en/accounts/login/", f"{name} login form", "csrfmiddlewaretoken")
        token = CSRF_INPUT.search(page)
        send_secure_cookies_over_http(self.client.cookies)
        with self.client.post(
            "/en/accounts/login/",
            data={
                "login": email,
                "password": password,
                "csrfmiddlewaretoken": token[1] if token else "",
            },
            headers={"Referer": f"{self.host}/en/accounts/login/"},
            name=f"{name} login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {email}: {response.status_code}")
                return ""
            response.success()
            return str(response.headers.get("Location", ""))


class Visitor(SiteUser):
    """An anonymous reader, in any language the page tree has."""

    weight = 6
    pages: dict[str, list[str]] = PLAN["pages"]

    def visit(self, kind: str) -> None:
        paths = self.pages.get(kind) or []
        if paths:
            self.get(PICK.choice(paths), f"public {kind}")

    @task(4)
    def home(self) -> None:
        self.visit("home")

    @task(3)
    def news_index(self) -> None:
        self.visit("news_index")

    @task(4)
    def news_article(self) -> None:
        self.visit("news_article")

    @task(2)
    def investment(self) -> None:
        self.visit(PICK.choice(["investment_index", "investment_project"]))

    @task(1)
    def charity(self) -> None:
        self.visit(PICK.choice(["charity_index", "charity_programme"]))

    @task(1)
    def events(self) -> None:
        self.visit(PICK.choice(["event_index", "event"]))


class Member(SiteUser):
    """A member abroad, signed in, looking at their own record (never cached: personal)."""

    weight = 3
    accounts = PLAN["members"]

    def on_start(self) -> None:
        self.log_in(self.take_account(), PLAN["password"], "member")

    @task(4)
    def profile(self) -> None:
        self.get("/vi/profile/", "member profile", "/vi/profile/consents/")

    @task(2)
    def consents(self) -> None:
        self.get("/vi/profile/consents/", "member consents", 'name="purpose"')

    @task(1)
    def staff_view(self) -> None:
        self.get("/en/profile/staff-view/", "member staff view", "/en/accounts/logout/")

    @task(1)
    def my_data(self) -> None:
        self.get("/vi/profile/download/", "member my data", "/vi/accounts/logout/")

    @task(1)
    def account(self) -> None:
        self.get("/en/accounts/email/", "member account", "/en/accounts/logout/")

    @task(2)
    def home_signed_in(self) -> None:
        self.get("/vi/", "member home", "/vi/accounts/logout/")


class Officer(SiteUser):
    """A registry officer searching the 100,000 records, through the staff screen."""

    fixed_count = int(os.environ.get("LOAD_OFFICERS", "2"))  # a department's few officers
    wait_time = between(2, 6)  # reading a page of results before the next search
    accounts = PLAN["officers"]

    def on_start(self) -> None:
        officer = self.take_account()
        where = self.log_in(officer["email"], PLAN["password"], "officer")
        if "/2fa/authenticate/" not in where:
            return
        page = self.get(where, "officer code form", "csrfmiddlewaretoken")
        token = CSRF_INPUT.search(page)
        send_secure_cookies_over_http(self.client.cookies)
        with self.client.post(
            where,
            data={
                "code": totp_code(officer["totp_secret"]),
                "csrfmiddlewaretoken": token[1] if token else "",
            },
            headers={"Referer": f"{self.host}{where}"},
            name="officer code",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"one-time code of {officer['email']}: {response.status_code}")

    @task
    def search(self) -> None:
        criteria = PICK.choice(PLAN["searches"])
        send_secure_cookies_over_http(self.client.cookies)
        with self.client.get(
            "/admin/registry/search/",
            params=criteria,
            name="officer search",
            catch_response=True,
        ) as response:
            page = response.text or ""
            if response.status_code != 200 or "staff-search" not in page:
                response.failure(f"search {criteria}: {response.status_code} at {response.url}")
                return
            response.success()
        counts = COUNTS_LINK.search(page)
        if counts:  # what the screen's script fetches next (search/static/search/js/counts.js)
            href = counts[1].replace("&amp;", "&")
            self.get(f"/admin/registry/search/{href}", "officer search counts", "staff-search")


RECORDER = Recorder()
events.request.add_listener(RECORDER.on_request)


@events.quitting.add_listener
def _write_results(**_: Any) -> None:
    RECORDER.write(Path(os.environ["LOAD_RESULT"]))


class SteppedLoad(LoadTestShape):
    """More people at each step (LOAD_STEPS), until the public pages' p95 passes the limit."""

    def __init__(self) -> None:
        super().__init__()
        self.stepper = Stepper(StepPlan.from_env(), RECORDER)

    def tick(self) -> tuple[int, float] | None:
        return self.stepper.tick()
