"""axe-core in the page under test, with the WCAG 2.1 AA rules (A and AA of 2.0 and 2.1).

axe-core comes inside the axe-playwright-python wheel (a dev dependency): nothing is fetched.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

AXE_SOURCE = (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return its violations.

    The source is evaluated through the DevTools protocol rather than added as a <script>: the
    site's CSP (script-src 'self') would rightly refuse an inline script, and the page under test
    must keep its real CSP.
    """
    settle(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return results["violations"]


def settle(page: Page) -> None:
    """Wait until Wagtail's messages have appeared (they are shown after a delay, then fade in)
    and every finite animation or transition has ended: colours measured mid-fade are not the
    page's colours (white on a pale green, on a busy machine)."""
    try:
        page.wait_for_function(
            """() => [...document.querySelectorAll('[data-controller~="w-messages"]')].every(
                 (box) => !box.querySelector('li') || box.classList.contains(
                   box.dataset.wMessagesShowClass || 'appear'))""",
            timeout=5000,
        )
    except PlaywrightTimeoutError:
        pass  # without scripts the messages are shown as they are: nothing to wait for
    # A class just added starts its transition only once styles are computed again: wait two
    # frames before asking which animations run, and ask again after they end (a message may
    # fade in after another has).
    page.evaluate(
        """async () => {
            const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
            for (let round = 0; round < 5; round++) {
                await frame();
                await frame();
                const running = document.getAnimations().filter((a) =>
                    a.effect.getTiming().iterations !== Infinity && a.playState !== 'finished');
                if (!running.length) return;
                await Promise.all(running.map((a) => a.finished.catch(() => null)));
            }
        }"""
    )


def describe(violations: list[dict[str, Any]]) -> str:
    """One paragraph per rule: id, impact, what it checks, where, and where to read more."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)
