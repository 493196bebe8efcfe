"""Fake Segment services: the settings CDN and the batch ingest endpoint."""

from simulator.fake_segment.cdn import SettingsCdn
from simulator.fake_segment.ingest import SegmentIngest

__all__ = ["SegmentIngest", "SettingsCdn"]
