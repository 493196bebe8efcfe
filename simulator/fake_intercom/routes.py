"""Mounting of the fake Intercom workspace on a respx router.

``mount`` registers one route per supported method and path. A request with any other
method or path matches none of them, so it falls through to the routes the caller adds
afterwards, such as a catch-all that reports unmatched requests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

import httpx
import respx

from simulator.fake_intercom.workspace import IntercomWorkspace

DEFAULT_BASE_URL = "https://api.intercom.io"

# Method, path pattern and workspace operation. Paths are regular expressions whose named
# groups become path parameters. /contacts/search and /contacts/merge come before /contacts/{contact_id}.
ROUTES: tuple[tuple[str, str, str], ...] = (
    ("POST", r"/contacts/search", "search_contacts"),
    ("POST", r"/contacts/merge", "merge_contacts"),
    ("POST", r"/contacts", "create_contact"),
    ("GET", r"/contacts/(?P<contact_id>[^/?#]+)", "get_contact"),
    ("PUT", r"/contacts/(?P<contact_id>[^/?#]+)", "update_contact"),
    ("POST", r"/contacts/(?P<contact_id>[^/?#]+)/companies", "attach_company"),
    ("POST", r"/events", "submit_event"),
    ("POST", r"/companies", "upsert_company"),
)


def mount(router: respx.Router, workspace: IntercomWorkspace, base_url: str = DEFAULT_BASE_URL) -> None:
    """Register the workspace's routes on ``router`` under ``base_url``.

    Each route matches the full URL, with or without a query string, and adds no catch-all.
    """
    prefix = re.escape(base_url.rstrip("/"))
    for method, path, operation in ROUTES:
        url_pattern = f"^{prefix}{path}(?:\\?[^#]*)?$"
        router.route(method=method, url__regex=url_pattern).mock(
            side_effect=_responder(workspace, operation)
        )


def _responder(workspace: IntercomWorkspace, operation: str) -> Callable[..., httpx.Response]:
    """Build the respx side effect that runs one workspace operation."""

    def respond(request: httpx.Request, **path_params: str) -> httpx.Response:
        params = {name: unquote(value) for name, value in path_params.items()}
        reply = workspace.handle(operation, headers=request.headers, body=request.read(), path_params=params)

        if reply.body is None:
            return httpx.Response(reply.status, headers=reply.headers)

        return httpx.Response(reply.status, json=reply.body, headers=reply.headers)

    return respond
