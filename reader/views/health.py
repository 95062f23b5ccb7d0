"""Probes for the load balancer: is the process up (/healthz), can it serve pages (/readyz)."""

import secrets

from django.core.cache import cache
from django.db import Error as DatabaseError
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """200 "ok" while the process answers; touches neither database nor cache."""
    return HttpResponse("ok", content_type="text/plain")


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _cache_answers():
    # The Redis cache ignores its errors (a miss, not a crash): a value that does not come
    # back is how an outage shows.
    key, value = f"readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=10)
        answered = cache.get(key) == value
        cache.delete(key)
    except Exception:
        return False
    return answered


@never_cache
@require_GET
def readyz(request):
    """200 when the database and the cache both answer, else 503 naming what failed.

    Each check is bounded by its client's timeout (DATABASE_CONNECT_TIMEOUT for PostgreSQL,
    0.5 s sockets for Redis), so a dead dependency answers in seconds, never hangs the probe.
    """
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    failed = sorted(name for name, ok in checks.items() if not ok)
    body = {"status": "unavailable" if failed else "ok", "failed": failed}
    body |= {name: "ok" if ok else "failed" for name, ok in checks.items()}
    return JsonResponse(body, status=503 if failed else 200)
