"""SegmentDestination: stores events in batch files and uploads them to Segment.

Source: segmentio/analytics-swift 1.9.4, ``Sources/Segment/Plugins/SegmentDestination.swift``,
``Utilities/Storage/Types/DirectoryStore.swift`` and ``Utilities/Networking/HTTPClient.swift``.

- Each event is appended as one line of compact JSON to ``<index>-segment-events`` under
  ``Application Support/segment/<writeKey>/``. The file starts with ``{ "batch": [``.
- A flush finishes the open file (``],"sentAt":...,"writeKey":...}``), renames it to
  ``.temp`` and POSTs every finished file, in lexicographic file-name order, to
  ``https://api.segment.io/v1/b``.
- A 2xx or 400 response deletes the file. Any other status or a network error keeps it for
  the next flush.
- A file that reaches 475,000 bytes is finished before the next event is appended.
- Flushes happen when ``flushAt`` events were stored, every ``flushInterval`` seconds,
  when the app goes to the background, and on ``Analytics.flush()``.

NOTE: analytics-swift also counts each stored event a second time inside ``Storage.write``,
which makes an even ``flushAt`` flush twice as often. The simulator counts each event once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.network import NetworkUnavailable
from simulator.sdk.plugins import DestinationPlugin, Event, UpdateType
from simulator.sdk.version import USER_AGENT

if TYPE_CHECKING:
    from simulator.device import Device, DeviceStorage
    from simulator.network import HttpClient

MAX_FILE_SIZE = 475_000
FILE_SUFFIX = "-segment-events"
FINISHED_SUFFIX = ".temp"


class SegmentDestination(DestinationPlugin):
    """The built-in destination that batches events to Segment's tracking API."""

    key = "Segment.io"

    def __init__(self, device: Device, http: HttpClient, write_key: str, flush_at: int) -> None:
        super().__init__()
        self._device = device
        self._http = http
        self._write_key = write_key
        self._flush_at = flush_at
        self._count = 0
        self._folder = device.storage.application_support("segment", write_key)
        self._defaults = device.storage.user_defaults(f"com.segment.storage.{write_key}")
        self.api_host = "api.segment.io/v1"
        self.dropped: dict[str, str] = {}
        """Reasons for events this destination dropped, by messageId."""

    def update(self, settings: dict[str, Any], type: UpdateType) -> None:
        segment = (settings.get("integrations") or {}).get(self.key)
        if isinstance(segment, dict) and segment.get("apiHost"):
            self.api_host = segment["apiHost"]

    def process(self, event: Event) -> Event | None:
        if not self.is_destination_enabled(event):
            self.dropped[event.get("messageId", "")] = "the Segment.io destination is not enabled in the settings"
            return None

        result = super().process(event)
        if result is not None:
            self._store(result)
        return result

    def should_flush(self) -> bool:
        """Return whether the count policy calls for a flush."""
        return self._flush_at > 0 and self._count >= self._flush_at

    def flush(self) -> None:
        self._count = 0
        self._finish_open_file()
        for path in self.finished_files():
            self._upload(path)

    def finished_files(self) -> list[Path]:
        return sorted(self._folder.glob(f"*{FILE_SUFFIX}{FINISHED_SUFFIX}"), key=lambda path: path.name)

    def _store(self, event: Event) -> None:
        path = self._open_file()
        if path.exists() and path.stat().st_size >= MAX_FILE_SIZE:
            self._finish_open_file()
            path = self._open_file()

        line = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
        if not path.exists():
            path.write_text('{ "batch": [\n' + line + "\n", encoding="utf-8")
        else:
            with path.open("a", encoding="utf-8") as file:
                file.write("," + line + "\n")
        self._count += 1

    def _open_file(self) -> Path:
        index = self._defaults.get("segment.events", 0)
        return self._folder / f"{index}{FILE_SUFFIX}"

    def _finish_open_file(self) -> None:
        path = self._open_file()
        if not path.exists():
            return

        footer = {"sentAt": self._device.clock.iso(), "writeKey": self._write_key}
        with path.open("a", encoding="utf-8") as file:
            file.write("]," + json.dumps(footer, separators=(",", ":"))[1:])
        path.rename(path.with_name(path.name + FINISHED_SUFFIX))
        self._defaults.set("segment.events", self._defaults.get("segment.events", 0) + 1)

    def _upload(self, path: Path) -> None:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "gzip",
        }
        try:
            response = self._http.request("segment", "POST", f"https://{self.api_host}/b", headers=headers, body=path.read_bytes())
        except NetworkUnavailable:
            return

        if response.status_code == 400:
            for event in _read_events(path):
                self.dropped[event.get("messageId", "")] = "Segment rejected the batch with 400, so analytics-swift deleted it"
        if 200 <= response.status_code < 300 or response.status_code == 400:
            path.unlink()


def read_pending_events(storage: DeviceStorage, write_key: str) -> list[Event]:
    """Return the events still on disk for ``write_key``, in open and finished batch files."""
    events: list[Event] = []
    for path in sorted(storage.application_support("segment", write_key).glob(f"*{FILE_SUFFIX}*")):
        events.extend(_read_events(path))
    return events


def _read_events(path: Path) -> list[Event]:
    text = path.read_text(encoding="utf-8")
    if not path.name.endswith(FINISHED_SUFFIX):
        text += "]}"
    return json.loads(text)["batch"]
