"""Fake ``cdn-settings.segment.com``: serves one source's settings JSON.

The real CDN always includes a ``Segment.io`` entry with the source's API key and host;
the fake adds one when the scenario's settings leave it out.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
import respx

CDN_BASE = "https://cdn-settings.segment.com/v1/projects/"


class SettingsCdn:
    """Serves ``GET /v1/projects/<writeKey>/settings`` for one write key."""

    def __init__(self, write_key: str, settings: dict[str, Any]) -> None:
        self.write_key = write_key
        self.settings = copy.deepcopy(settings)
        integrations = self.settings.setdefault("integrations", {})
        integrations.setdefault("Segment.io", {"apiKey": write_key, "apiHost": "api.segment.io/v1"})
        self.fetches = 0

    def mount(self, router: respx.Router) -> None:
        router.get(url__startswith=CDN_BASE, name="segment-settings").mock(side_effect=self._serve)

    def _serve(self, request: httpx.Request) -> httpx.Response:
        expected = f"{CDN_BASE}{self.write_key}/settings"
        if str(request.url) != expected:
            return httpx.Response(404, json={"error": "unknown source"})

        self.fetches += 1
        return httpx.Response(200, json=self.settings)
