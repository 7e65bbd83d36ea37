"""What every page for the public (no account) shares: a strict Content-Security-Policy and
an explicit caching rule."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers

CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
View = Callable[..., HttpResponseBase]


def public(cache: bool) -> Callable[[View], View]:
    """Mark a portal page: a CSP always; kept 5 minutes when ``cache``, never stored else."""

    def wrap(view: View) -> View:
        @functools.wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = view(request, *args, **kwargs)
            response["Content-Security-Policy"] = CSP
            if cache and request.method == "GET" and response.status_code == 200:
                patch_cache_control(response, public=True, max_age=300)
                patch_vary_headers(response, ["Cookie"])
            else:
                patch_cache_control(response, no_store=True)
            return response

        return inner

    return wrap
