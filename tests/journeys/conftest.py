"""Browser journeys: Debian's chromium driven by Playwright against pytest-django's
``live_server``.

Nothing is downloaded: chromium comes from apt (``make browsers``), never from
``playwright install``. Helpers here sign in through the real form, run axe-core on
a page and save full-page screenshots to var/screenshots/ for people to look at.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise
# refuse every ORM call the test makes while the browser is open.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = REPO / "var" / "screenshots"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless chromium for the whole run (each test gets its own context)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium. "
            "Run `make browsers` (it apt-installs chromium); "
            "do not use `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh browser context (no cookies) on a desk-sized window."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="en-GB",
        base_url=live_server.url,
    )
    context.set_default_timeout(TIMEOUT_MS)
    # The pages link no favicon, so chromium asks for /favicon.ico after each load; a
    # 404 from Django would hit the database while the test itself may be using it.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def sign_in(page, username: str, password: str) -> None:
    """Sign in through /accounts/sign-in/ like a person would."""
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}\n  {v['helpUrl']}")
        for node in v["nodes"][:10]:
            target = " ".join(json.dumps(t) for t in node["target"])
            lines.append(f"    at {target}\n      {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            if summary:
                lines.append(f"        {summary}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more elements")
    return "\n".join(lines)


def assert_accessible(page, label: str) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA, 2.2 AA) on the page; fail listing every
    violation with its rule, help link and the offending elements."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` in {REPO}", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target, html: n.html, failureSummary: n.failureSummary,
                })),
            }));
        }""",
        AXE_TAGS,
    )
    if result:
        report = _describe(result)
        print(f"axe violations on {label} ({page.url}):\n{report}")
        pytest.fail(
            f"axe found {len(result)} accessibility violation(s) on {label} "
            f"({page.url}):\n{report}",
            pytrace=False,
        )


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as var/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
