"""Fake ``api.segment.io/v1/b``: accepts batches and records every event it received.

Segment's tracking API answers 200 ``{"success": true}`` to a valid batch and 400 to a
body that is not a batch. A batch whose ``writeKey`` is not the source's is answered 401.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import respx

BATCH_URL = "https://api.segment.io/v1/b"


class SegmentIngest:
    """The batches and events Segment received during a run."""

    def __init__(self, write_key: str) -> None:
        self.write_key = write_key
        self.batches: list[dict[str, Any]] = []

    @property
    def events(self) -> list[dict[str, Any]]:
        return [event for batch in self.batches for event in batch["batch"]]

    def delivered_message_ids(self) -> set[str]:
        return {event.get("messageId") for event in self.events}

    def mount(self, router: respx.Router) -> None:
        router.post(BATCH_URL, name="segment-batch").mock(side_effect=self._receive)

    def _receive(self, request: httpx.Request) -> httpx.Response:
        try:
            body = json.loads(request.content)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return httpx.Response(400, json={"success": False, "error": "body is not JSON"})

        if not isinstance(body, dict) or not isinstance(body.get("batch"), list):
            return httpx.Response(400, json={"success": False, "error": "body has no batch array"})

        if body.get("writeKey") != self.write_key:
            return httpx.Response(401, json={"success": False, "error": "invalid write key"})

        self.batches.append(body)
        return httpx.Response(200, json={"success": True})
