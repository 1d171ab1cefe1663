"""Django peer of the webstack benchmark (same work as bench/peers/go-hello).

A single-file Django project: settings are configured here (DEBUG off, no apps,
no middleware, no database), ``application = get_wsgi_application()``. Run with
gunicorn (Debian packages python3-django, gunicorn), from the repository root,
N worker processes:

    gunicorn -w N -b 127.0.0.1:8000 --chdir bench/peers/python hello_django:application

    GET /{word}/{n}  n lines "i: word\n" (n at most 10000, else 400; other paths 404)
    GET /json        {"message":"Hello, World!"}, JsonResponse on every request
    GET /health      {"status":"healthy"}
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from django.conf import settings  # noqa: E402

settings.configure(
    DEBUG=False,
    SECRET_KEY="webstack-bench-peer-not-secret",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
    DATABASES={},
    USE_TZ=True,
    APPEND_SLASH=False,
    DEFAULT_CHARSET="utf-8",
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.urls import path, re_path  # noqa: E402

import hellocommon as hc  # noqa: E402

COMPACT = {"separators": (",", ":")}  # JsonResponse's default has spaces; Go's has none


def json_page(request):
    return JsonResponse(hc.MESSAGE, json_dumps_params=COMPACT, content_type=hc.JSON)


def health_page(request):
    resp = JsonResponse(hc.HEALTH, json_dumps_params=COMPACT, content_type=hc.JSON)
    resp["Cache-Control"] = "no-store"
    return resp


def hello_page(request):
    # Django has already replaced PATH_INFO by its decoded str (invalid UTF-8
    # re-percent-encoded), so decode the path as sent when the server gives it.
    raw = hc.wsgi_raw_path(request.META)
    status, body = hc.hello(hc.wsgi_path(request.META) if raw is not None else request.path_info, raw)
    resp = HttpResponse(body, status=status, content_type=hc.TEXT)
    if status != 200:
        resp["X-Content-Type-Options"] = "nosniff"
    return resp


urlpatterns = [
    path("json", json_page),
    path("health", health_page),
    re_path(r"", hello_page),
]

application = get_wsgi_application()
