"""No page shows its reader a link they may not follow.

The permission matrix checks each URL against each role; this checks the pages
themselves. With the demo area loaded, each demo account walks the links of the
pages it can reach from the start page (a few of each shape of URL) and every link
must answer without an error: a link to a page that refuses the reader, or to one
that does not exist, is a bug of the page that shows it. It found three: an
officer was linked to the delivery settings and to QA reviews, which only senior
officers and quality assurers open, and a board member to a run's letters."""

from __future__ import annotations

import io
import re
from collections import Counter, deque
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from school_improvement.accounts.models import User

pytestmark = pytest.mark.django_db

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# signing out ends the walk; the admin is Django's own; files are not pages
NOT_WALKED = re.compile(r"^/accounts/sign-out/|^/admin/|^/static/|^/api/schema/")
PER_SHAPE = 2  # pages of one shape (ids replaced by N) visited per role
MOST_PAGES = 120
HREF = re.compile(r'href="(/[^"#]*)')


def _walk(client: Client) -> tuple[int, list[tuple[int, str, str]]]:
    """Pages visited, and each (status, link, page it was on) that failed."""
    seen: set[str] = set()
    found_on: dict[str, str] = {}
    shapes: Counter[str] = Counter()
    queue = deque(["/"])
    failures = []
    while queue and len(seen) < MOST_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        if response.status_code >= 400:
            failures.append((response.status_code, path, found_on.get(path, "")))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = href.replace("&amp;", "&")
            if href.startswith("//") or NOT_WALKED.search(href) or href in seen:
                continue
            shape = re.sub(r"\d+", "N", href.split("?")[0])
            if shapes[shape] >= PER_SHAPE:
                continue
            shapes[shape] += 1
            found_on.setdefault(href, path)
            queue.append(href)
    return len(seen), failures


def test_every_link_a_demo_account_is_shown_opens(tmp_path: Path, settings) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS
    call_command("demo_setup", "--out", str(tmp_path), stdout=io.StringIO())
    walked = {}
    for user in User.objects.order_by("username"):
        client = Client()
        client.force_login(user)
        pages, failures = _walk(client)
        walked[user.username] = pages
        assert not failures, (user.username, user.role, failures)
    # every account saw more than its start page
    assert all(pages > 5 for pages in walked.values()), walked
