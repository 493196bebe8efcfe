"""Removal of secrets from everything a run outputs.

Write keys, Intercom API keys and access tokens, identity-verification secrets and user
hashes are replaced by ``<redacted>`` wherever they appear in a string: headers, URLs,
request bodies, SDK call arguments and messages. Secrets shorter than 6 characters are
replaced only where a whole string equals them, so a short key does not mangle
unrelated text; the fields known to hold secrets are redacted whatever their length.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

REDACTED = "<redacted>"
_MIN_SUBSTRING_LENGTH = 6
_SECRET_FIELDS = {"apiKey", "userHash", "writeKey", "authorization", "user_hash", "mobileApiKey", "secret", "accessToken"}


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
            if str(key).lower() in {name.lower() for name in _SECRET_FIELDS} and isinstance(item, str):
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
        if text == secret:
            return REDACTED
        if len(secret) >= _MIN_SUBSTRING_LENGTH and secret in text:
            text = text.replace(secret, REDACTED)
    return text
