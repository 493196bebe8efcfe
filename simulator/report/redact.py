"""Removal of secrets from everything a run outputs.

Write keys, Intercom API keys and access tokens, identity-verification secrets and user
hashes are replaced by ``<redacted>`` wherever they appear in a string: headers, URLs,
request bodies, SDK call arguments and messages. Fields known to hold secrets
(``apiKey``, ``Authorization``, ``writeKey``, ...) are redacted whatever they contain.
A very short secret also replaces matching text in unrelated words; use secrets of
realistic length in scenarios to keep reports readable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

REDACTED = "<redacted>"
_SECRET_FIELDS = {"apikey", "userhash", "writekey", "authorization", "user_hash", "mobileapikey", "secret", "accesstoken"}
"""Lower-case names of fields whose string values are always redacted."""


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
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text
