"""Shared fixtures. Tests run against a real database (SQLite, or PostgreSQL when
DATABASE_URL points at one); nothing stands in for our own database."""

from __future__ import annotations

from pathlib import Path

import pytest

from school_improvement.accounts.models import Role
from tests.factories import EstablishmentFactory, UserFactory
from tests.shared_dir import FORMATS, REAL_DATA, REPO, SHARED  # noqa: F401

TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing real passwords at full strength would make the role matrix take minutes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    """make_user(role, schools=[...]) creates a signed-up user with that role."""

    def make(role: Role = Role.OFFICER, schools=None, **kwargs):
        return UserFactory(role=role, schools=schools or [], **kwargs)

    return make


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER)


@pytest.fixture
def school(db):
    return EstablishmentFactory()


@pytest.fixture
def other_school(db):
    return EstablishmentFactory()
