"""Removal of secrets from everything a run outputs.

Write keys, Intercom API keys and access tokens, identity-verification secrets and user
hashes are replaced by ``<redacted>``:

- in the fields known to hold them (``apiKey``, ``userHash``, ``user_hash``,
  ``writeKey``, the ``Authorization`` and ``X-Intercom-User-Hash`` headers, and the
  write key segment of the settings URL), whatever their length;
- anywhere inside other strings, for secrets of 6 characters or more;
- as whole strings, for shorter secrets, so that a short key such as ``S`` does not
  mangle every word that contains the letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

REDACTED = "<redacted>"
MIN_SUBSTRING_LENGTH = 6

_SECRET_FIELDS = {
    "apikey", "userhash", "user_hash", "writekey", "authorization", "x-intercom-user-hash",
    "mobileapikey", "secret", "accesstoken",
}
"""Lower-case names of fields whose string values are always redacted."""

_SETTINGS_URL = re.compile(r"(/v1/projects/)[^/]+(/settings)")


def redact(value: Any, secrets: Iterable[str]) -> Any:
    """Return a copy of ``value`` with every secret replaced by ``<redacted>``."""
    ordered = sorted({secret for secret in secrets if secret}, key=len, reverse=True)
    return _redact(value, ordered)


def _redact(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        return _redact_text(value, secrets)

    if isinstance(value, dict):
        cleaned = {}
        for key, item in value.items():
            if str(key).lower() in _SECRET_FIELDS and isinstance(item, str):
                cleaned[key] = _redact_field(item)
            else:
                cleaned[key] = _redact(item, secrets)
        return cleaned

    if isinstance(value, list):
        return [_redact(item, secrets) for item in value]

    return value


def _redact_field(text: str) -> str:
    if text.lower().startswith("bearer "):
        return f"Bearer {REDACTED}"
    return REDACTED


def _redact_text(text: str, secrets: list[str]) -> str:
    text = _SETTINGS_URL.sub(rf"\g<1>{REDACTED}\g<2>", text)
    for secret in secrets:
        if text == secret:
            return REDACTED
        if len(secret) >= MIN_SUBSTRING_LENGTH and secret in text:
            text = text.replace(secret, REDACTED)
    return text
