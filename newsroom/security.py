"""
Project-wide request hardening: headers Django has no setting for, refusal of
control characters in addresses, and the names and addresses that login
throttling (django-axes) counts against.
"""

import ipaddress
import re
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template import loader

# NUL and the other C0 controls never belong in an address; PostgreSQL refuses NUL
# in a query outright, so one in a search term would otherwise end as a 500.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SecurityHeadersMiddleware:
    """Headers for which Django has no setting, and refusal of control characters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote(request.META.get("QUERY_STRING", ""), errors="replace")
        if _CONTROL_CHARACTERS.search(request.path) or _CONTROL_CHARACTERS.search(query):
            response = HttpResponseBadRequest(loader.render_to_string("400.html", request=request))
        else:
            response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.NEWSROOM_PERMISSIONS_POLICY)
        return response


def client_ip(request):
    """
    The address a login attempt is counted against.

    Behind N trusted proxies (DJANGO_TRUSTED_PROXY_COUNT) the client is the N-th
    address from the right of X-Forwarded-For: each proxy appends the address it
    saw, so anything further left was written by the client and may be forged.
    """
    count = settings.NEWSROOM_TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count and _is_address(forwarded[-count]):
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def _is_address(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def login_username(request, credentials):
    """
    The username a login attempt is counted against.

    Django's login form does not enforce the username's maximum length, and
    django-axes stores it in a 255-character column: no real username is longer
    than the user model's field, so the cut keeps PostgreSQL from refusing the row.
    """
    username = (credentials or request.POST).get("username")
    return (username or "").replace("\x00", "")[:150]
