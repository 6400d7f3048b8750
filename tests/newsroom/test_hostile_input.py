"""
Hostile requests to public URLs: each gets a pinned 4xx (or a harmless 200),
never a 500. The client is a browser's: CSRF enforced, errors returned as pages.
"""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from tests.factories import TYPED_PUBLISH_TIME, article_form_data, make_article

pytestmark = pytest.mark.django_db

ARTICLE = "/articles/harbour-reopens/"


@pytest.fixture
def article():
    return make_article(slug="harbour-reopens", title="Harbour reopens")


@pytest.fixture
def browser_client():
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


def request(client, method, url, **extra):
    return getattr(client, method.lower())(url, **extra)


CASES = [
    # Page numbers.
    ("GET", "/?page=abc", {}, 404),
    ("GET", "/?page=0", {}, 404),
    ("GET", "/?page=-1", {}, 404),
    ("GET", "/?page=1e3", {}, 404),
    ("GET", "/?page=" + "9" * 5000, {}, 404),
    ("GET", "/?page=%EF%BC%91", {}, 200),  # a full-width digit one: Python's int() reads 1
    ("GET", "/?page=1&page=2&page=last", {}, 200),
    # Slugs.
    ("GET", "/articles/" + "a" * 10_000 + "/", {}, 404),
    ("GET", "/articles/" + "ü" * 5_000 + "/", {}, 404),
    ("GET", "/articles/harbour-reopens%2F..%2F..%2F/", {}, 404),
    ("GET", "/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E/", {}, 404),
    ("GET", "/articles/harbour-reopens/?utm_source=%3Cscript%3E", {}, 200),
    # NUL bytes, control characters and invalid UTF-8 in paths and query parameters.
    ("GET", "/articles/harbour%00reopens/", {}, 400),
    ("GET", "/articles/%00/", {}, 400),
    ("GET", "/?page=%00", {}, 400),
    ("GET", "/?page=1%00", {}, 400),
    ("GET", "/?q=%1B%5B31m", {}, 400),
    ("GET", "/articles/%FF%FE/", {}, 404),
    ("GET", "/articles/%C0%AE%C0%AE/", {}, 404),
    ("GET", "/?page=%FF%FE", {}, 404),
    ("GET", "/?%FF=%FE", {}, 200),
    # Path traversal under /static/ and /media/.
    ("GET", "/static/../newsroom/settings.py", {}, 404),
    ("GET", "/static/%2e%2e/%2e%2e/newsroom/settings.py", {}, 404),
    ("GET", "/static/css/..%2f..%2fmanage.py", {}, 404),
    ("GET", "/media/../db.sqlite3", {}, 404),
    ("GET", "/media/%2e%2e/%2e%2e/etc/passwd", {}, 404),
    ("GET", "/media/images/..%5c..%5cmanage.py", {}, 404),
    # Huge query strings.
    ("GET", "/?" + "x=1&" * 2_000, {}, 400),  # more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS
    ("GET", ARTICLE + "?" + "x=1&" * 2_000, {}, 200),  # the article view reads no parameter
    ("GET", "/?q=" + "a" * 100_000, {}, 200),
    # Hosts.
    ("GET", "/", {"HTTP_HOST": "evil.example"}, 400),
    ("GET", "/", {"HTTP_HOST": "localhost:notaport"}, 400),
    ("GET", "/", {"HTTP_HOST": "local\x00host"}, 400),
    # Methods a reader's page does not take: CSRF refuses them before any view runs.
    ("POST", "/", {}, 403),
    ("POST", ARTICLE, {}, 403),
    ("PUT", ARTICLE, {}, 403),
    ("PATCH", ARTICLE, {}, 403),
    ("DELETE", ARTICLE, {}, 403),
    ("OPTIONS", ARTICLE, {}, 200),
    ("TRACE", ARTICLE, {}, 405),
    ("HEAD", "/", {}, 200),
    ("HEAD", ARTICLE, {}, 200),
    ("HEAD", "/articles/no-such-story/", {}, 404),
    # Malformed conditional GET and other junk headers.
    ("GET", ARTICLE, {"HTTP_IF_MODIFIED_SINCE": "yesterday-ish"}, 200),
    ("GET", ARTICLE, {"HTTP_IF_MODIFIED_SINCE": "Sat, 30 Feb 2023 25:61:61 GMT"}, 200),
    ("GET", ARTICLE, {"HTTP_IF_MODIFIED_SINCE": "9" * 400}, 200),
    ("GET", ARTICLE, {"HTTP_IF_NONE_MATCH": '"' * 1_000}, 200),
    ("GET", ARTICLE, {"HTTP_IF_NONE_MATCH": 'W/, *, W/"\\'}, 200),
    ("GET", ARTICLE, {"HTTP_IF_MATCH": "\x00"}, 200),
    ("GET", ARTICLE, {"HTTP_RANGE": "bytes=-99999999999999999999"}, 200),
    ("GET", ARTICLE, {"HTTP_COOKIE": "sessionid=\x00; csrftoken=" + "x" * 5_000}, 200),
    ("GET", ARTICLE, {"HTTP_ACCEPT_LANGUAGE": "x" * 5_000 + ";q=abc"}, 200),
    ("GET", ARTICLE, {"HTTP_X_FORWARDED_FOR": "not-an-address, \x00"}, 200),
    # Staff-only endpoints, from outside.
    ("POST", reverse("desk:markdown_preview"), {}, 403),
    ("GET", reverse("desk:image_upload"), {}, 403),
]


@pytest.mark.parametrize(
    "method, url, headers, expected",
    CASES,
    ids=[f"{m} {u[:60]}{' ' + next(iter(h)) if h else ''}" for m, u, h, _ in CASES],
)
def test_hostile_request_gets_its_pinned_answer(
    browser_client, article, method, url, headers, expected
):
    response = request(browser_client, method, url, **headers)
    assert response.status_code == expected


def test_head_answers_without_a_body(browser_client, article):
    response = browser_client.head(ARTICLE)
    assert response.status_code == 200
    assert response.content == b""


def test_control_characters_get_the_bad_request_page(browser_client):
    response = browser_client.get("/?page=%00")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "username, password",
    [
        ("\x00admin", "x"),
        ("a" * 10_000, "x"),
        ("desk", "\x00" * 10),
        ("ü" * 300, "p" * 100_000),
    ],
    ids=["nul-username", "huge-username", "nul-password", "long-unicode"],
)
def test_hostile_login_form_input_is_a_form_error_not_a_crash(username, password, settings):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
    client = Client(raise_request_exception=False)
    response = client.post(
        "/admin/login/",
        {"username": username, "password": password},
        HTTP_USER_AGENT="x" * 5_000,
        HTTP_X_FORWARDED_FOR="not-an-address",
    )
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode() or (
        "Null characters are not allowed" in response.content.decode()
    )


def test_nul_in_an_article_body_is_a_form_error_not_a_crash(staff_client):
    response = staff_client.post(
        "/admin/articles/article/add/",
        article_form_data(**TYPED_PUBLISH_TIME, body="Harbour\x00 reopens"),
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.urls("tests.media_urls")
@pytest.mark.parametrize(
    "url, expected",
    [
        # Django's serve() calls a climb out of the folder a suspicious operation: 400.
        ("/media/../newsroom/settings.py", 400),
        ("/media/%2e%2e/%2e%2e/etc/passwd", 400),
        ("/media/images/..%2f..%2fmanage.py", 400),
        ("/media//etc/passwd", 404),
        ("/media/C:%5cwindows%5cwin.ini", 404),
    ],
)
def test_media_serving_refuses_path_traversal(browser_client, settings, tmp_path, url, expected):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (tmp_path / "secret.txt").write_text("not for readers")
    response = browser_client.get(url)
    assert response.status_code == expected
    assert b"not for readers" not in response.content


# --- Generated requests ----------------------------------------------------------

_any_text = st.text(st.characters(codec="utf-8"), max_size=40)
_raw_bytes = st.binary(max_size=20).map(lambda data: "".join(f"%{b:02X}" for b in data))
_segment = st.one_of(_any_text.map(lambda text: quote(text, safe="")), _raw_bytes)
_query = st.dictionaries(
    st.one_of(st.sampled_from(["page", "q", "slug", "tag", "section", "author"]), _any_text),
    st.one_of(_any_text, st.integers().map(str)),
    max_size=4,
).map(urlencode)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    prefix=st.sampled_from(["/", "/articles/", "/static/", "/media/", "/markdownx/"]),
    segment=_segment,
    query=st.one_of(_query, _raw_bytes),
)
def test_generated_paths_and_query_strings_never_cause_a_server_error(
    browser_client, article, prefix, segment, query
):
    url = f"{prefix}{segment}/?{query}"
    for method in ("GET", "HEAD"):
        response = request(browser_client, method, url)
        assert response.status_code < 500, (method, url)
