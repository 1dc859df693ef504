"""Sign-in, throttling, CSRF, session and password rules."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from school_improvement.accounts.models import Role
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/sign-in/"


def test_a_user_signs_in_with_the_form_and_lands_on_the_schools_list(client, make_user):
    make_user(Role.OFFICER, username="olivia")
    response = client.post(
        LOGIN, {"username": "olivia", "password": DEFAULT_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("schools:list")
    assert b"Signed in as" in response.content


def test_a_wrong_password_shows_an_error_summary(client, make_user):
    make_user(Role.OFFICER, username="olivia")
    response = client.post(LOGIN, {"username": "olivia", "password": "nope"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter a correct username and password" in response.content


def test_repeated_failures_lock_the_account_even_with_the_right_password(
    client, make_user
):
    make_user(Role.OFFICER, username="olivia")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "olivia", "password": "wrong-password"})
    response = client.post(LOGIN, {"username": "olivia", "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_sign_in_without_a_csrf_token_is_refused(make_user):
    make_user(Role.OFFICER, username="olivia")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(LOGIN, {"username": "olivia", "password": DEFAULT_PASSWORD})
    assert response.status_code == 403


def test_sign_out_is_a_post_and_ends_the_session(client, make_user):
    client.force_login(make_user(Role.OFFICER))
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("schools:list")).status_code == 302


def test_session_and_cookie_settings_are_secure():
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.CSRF_COOKIE_HTTPONLY
    assert settings.X_FRAME_OPTIONS == "DENY"
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


@pytest.mark.parametrize("password", ["short1!", "password1234", "123456789012345"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("wobbly-lantern-orchard-42")
