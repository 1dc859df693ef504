"""The docs are part of the product: these fail when code and docs disagree."""

from __future__ import annotations

import re

from django.core.management import get_commands

from school_improvement.accounts.models import Role
from school_improvement.accounts.permissions import (
    OBJECT_ACTIONS,
    Action,
    grants_table,
)
from tests.conftest import REPO

README = (REPO / "README.md").read_text()
PERMISSIONS = (REPO / "docs" / "permissions.md").read_text()


def test_the_permissions_doc_matches_the_permission_module():
    table = grants_table()
    roles = [r.value for r in Role]
    header = next(
        line for line in PERMISSIONS.splitlines() if line.startswith("| action")
    )
    assert [c.strip() for c in header.strip("|").split("|")][1:] == roles
    documented = {}
    for line in PERMISSIONS.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells and cells[0] in {a.value for a in Action}:
            documented[cells[0]] = dict(zip(roles, cells[1:], strict=True))
    assert set(documented) == {a.value for a in Action}
    for action, granted in table.items():
        for role in roles:
            expected = (
                (
                    "own"
                    if role == Role.SCHOOL_USER
                    and action in {"view_register"} | {a.value for a in OBJECT_ACTIONS}
                    else "yes"
                )
                if role in granted
                else "no"
            )
            assert documented[action][role] == expected, (action, role)


def test_every_project_command_is_in_the_readme():
    ours = [
        name
        for name, app in get_commands().items()
        if app.startswith("school_improvement")
    ]
    assert ours
    for name in ours:
        assert f"manage.py {name}" in README, (
            f"document `manage.py {name}` in README.md"
        )


def test_every_environment_variable_the_settings_read_is_in_the_readme():
    settings_text = (REPO / "config" / "settings.py").read_text()
    names = set(re.findall(r'_env_(?:bool|list)\("([A-Z_]+)"', settings_text))
    names |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', settings_text))
    assert names
    for name in names:
        assert f"`{name}`" in README, f"document {name} in README.md"
