"""Helpers for the contract tests: HTTP exchanges, SDK calls and contract folders on disk."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from simulator.contracts import ContractChecker
from simulator.contracts.loader import DEFAULT_DIRECTORY
from simulator.trace import HttpExchange, SdkCall

BASE_URL = "https://api.intercom.io"
TOKEN = "test-access-token"


def intercom_headers(version: str = "2.11") -> dict[str, str]:
    return {
        "Authorization": f"Bearer {TOKEN}",
        "Intercom-Version": version,
        "Accept": "application/json",
        "Content-Type": "application/json",
    }


def exchange(method: str, path: str, body: Any, *, headers: dict[str, str] | None = None,
             version: str = "2.11", service: str = "intercom") -> HttpExchange:
    """Build a recorded request to the fake Intercom workspace with a 200 response."""
    return HttpExchange(
        service=service,
        method=method,
        url=f"{BASE_URL}{path}",
        headers=intercom_headers(version) if headers is None else headers,
        json=body,
        status=200,
        response=None,
    )


def call(method: str, result: str = "ok", **args: Any) -> SdkCall:
    return SdkCall(method, args, result)


@pytest.fixture
def checker() -> ContractChecker:
    return ContractChecker()


@pytest.fixture
def contracts_copy(tmp_path: Path) -> Path:
    """A copy of the repository's contracts folder that a test may change."""
    target = tmp_path / "contracts"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    return target


def write_file(folder: Path, relative: str, text: str) -> Path:
    """Write ``text`` to ``folder/relative`` and return the file's path."""
    file = folder / relative
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file
