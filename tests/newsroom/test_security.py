"""Headers, content policy, staff login protection (newsroom/security.py and settings)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.factories import make_article, utc

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LOGIN_URL = "/admin/login/"
PASSWORD = "a long staff password"

READER_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "https:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


PRODUCTION_ENV = {
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://news.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
    "DJANGO_SESSION_COOKIE_SECURE": "1",
    "DJANGO_CSRF_COOKIE_SECURE": "1",
    "DJANGO_BEHIND_TLS_PROXY": "1",
    "DJANGO_TRUSTED_PROXY_COUNT": "1",
}


def run_python(code, **env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    clean.update({"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), **env})
    return subprocess.run(
        [sys.executable, *code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- Headers and content policy ------------------------------------------------


def policy(response):
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives}


def test_reader_pages_carry_the_strict_policy_and_security_headers(client):
    article = make_article()
    for url in ["/", article.get_absolute_url(), "/articles/no-such-story/"]:
        response = client.get(url)

        assert policy(response) == READER_POLICY, url
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_reader_pages_have_no_inline_script_or_event_handlers(client):
    article = make_article(body="Text with <b onclick=x>markup</b> and a [link](/x/).")
    for url in ["/", article.get_absolute_url(), "/articles/no-such-story/"]:
        document = html5lib.parse(client.get(url).content, namespaceHTMLElements=False)
        for element in document.iter():
            if not isinstance(element.tag, str):
                continue
            handlers = [name for name in element.attrib if name.lower().startswith("on")]
            assert handlers == [], f"{url}: <{element.tag} {handlers}>"
            if element.tag == "script":
                # Data blocks such as JSON-LD are not scripts; everything else is a file.
                assert element.get("src") or element.get("type") == "application/ld+json", url
            assert element.tag != "style", url
            assert "style" not in element.attrib, url


def test_reader_pages_set_no_per_request_nonce(client):
    article = make_article()
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert "nonce" not in first["Content-Security-Policy"]
    assert first.content == second.content


def test_admin_and_editor_run_under_the_same_strict_policy(staff_client):
    article = make_article()
    for response in [
        staff_client.get("/admin/"),
        staff_client.get(f"/admin/articles/article/{article.pk}/change/"),
        staff_client.post(reverse("desk:markdown_preview"), {"content": "*hi*"}),
    ]:
        assert policy(response) == READER_POLICY
        assert response["X-Frame-Options"] == "DENY"


def test_hsts_is_sent_over_https_when_production_enables_it(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/")


def test_deploy_check_passes_with_production_settings():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


# --- Staff login --------------------------------------------------------------


@pytest.fixture
def desk_user(django_user_model):
    return django_user_model.objects.create_superuser("desk", "desk@example.org", PASSWORD)


def log_in(client, password, username="desk", address="203.0.113.7", **headers):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def fail_logins(client, times, **kwargs):
    return [log_in(client, "wrong password", **kwargs).status_code for _ in range(times)]


def test_five_failed_logins_lock_the_account_for_fifteen_minutes(client, desk_user):
    with time_machine.travel(utc(2026, 3, 14, 9), tick=False):
        assert fail_logins(client, 4) == [200, 200, 200, 200]
        fifth = log_in(client, "wrong password")
        assert fifth.status_code == 429
        assert "Too many failed logins" in fifth.content.decode()
        assert "paused for 15 minutes" in fifth.content.decode()
        # The right password does not help while locked.
        assert log_in(client, PASSWORD).status_code == 429

    with time_machine.travel(utc(2026, 3, 14, 9, 14), tick=False):
        assert log_in(client, PASSWORD).status_code == 429
    with time_machine.travel(utc(2026, 3, 14, 9, 30), tick=False):
        assert log_in(client, PASSWORD).status_code == 302


def test_lockout_is_per_username_and_address(client, desk_user, django_user_model):
    django_user_model.objects.create_superuser("sub", "sub@example.org", PASSWORD)
    fail_logins(client, 5)

    # The same desk from another address, and a colleague behind the same address.
    assert log_in(client, PASSWORD, address="198.51.100.2").status_code == 302
    assert log_in(Client(), PASSWORD, username="sub").status_code == 302


def test_a_good_login_resets_the_count(client, desk_user):
    fail_logins(client, 4)
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    assert fail_logins(client, 4) == [200, 200, 200, 200]
    assert log_in(client, PASSWORD).status_code == 302


def test_behind_the_front_server_the_forwarded_address_counts(client, desk_user, settings):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
    proxy = "172.18.0.5"
    fail_logins(client, 5, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")

    # Another reader behind the same front server is not locked out ...
    other = log_in(client, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 302
    client.logout()
    # ... and the locked client cannot escape by forging an address of its own.
    forged = log_in(client, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    assert forged.status_code == 429


def test_staff_session_lasts_twelve_hours(client, desk_user):
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == 12 * 60 * 60


def test_logout_is_post_only(staff_client):
    assert staff_client.get("/admin/logout/").status_code == 405
    assert staff_client.get("/admin/").status_code == 200
    assert staff_client.post("/admin/logout/").status_code == 200
    assert staff_client.get("/admin/").status_code == 302


def test_no_password_reset_is_offered_so_no_email_can_be_probed(client):
    login_page = client.get(LOGIN_URL).content.decode()
    assert "Forgotten your password" not in login_page
    # The admin shows the link only when this route exists.
    with pytest.raises(NoReverseMatch):
        reverse("admin_password_reset")


@pytest.mark.parametrize(
    "password, message",
    [
        ("Tr0ub4dor&3", "This password is too short. It must contain at least 12 characters."),
        ("qwertyuiop123", "This password is too common."),
        ("738204918273645", "This password is entirely numeric."),
        ("desk.editor.example", "The password is too similar to the email address."),
    ],
)
def test_weak_passwords_are_refused(django_user_model, password, message):
    user = django_user_model(username="desk", email="desk.editor@example.org")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert message in refused.value.messages


def test_a_long_unusual_passphrase_is_accepted(django_user_model):
    user = django_user_model(username="desk", email="desk@example.org")
    validate_password("harbour lanterns at dusk", user)


def test_admin_path_comes_from_the_environment():
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'), reverse('admin:login'))"
    )
    result = run_python(
        ["-c", code], DJANGO_SETTINGS_MODULE="newsroom.settings", DJANGO_ADMIN_URL="/desk-7f3a/"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/desk-7f3a/", "/desk-7f3a/login/"]


def test_empty_admin_path_is_refused_at_start_up():
    result = run_python(["-c", "import newsroom.settings"], DJANGO_ADMIN_URL="/", DJANGO_DEBUG="1")
    assert result.returncode != 0
    assert "DJANGO_ADMIN_URL must name a path" in result.stderr
