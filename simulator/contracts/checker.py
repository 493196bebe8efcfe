"""The contract checker that the scenario runner calls for each request, SDK call and event.

One checker serves one scenario run: the device rules keep the Intercom SDK's user state
in it from the first call to the last, across app launches.

``select`` and ``ignore`` take check ids, either a bare ``check`` (every contract that
has it) or ``contract/check`` (one contract). With a non-empty ``select`` only the
selected checks report; ``ignore`` then removes checks from what remains.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from pathlib import Path
from typing import Any

from simulator.contracts.device import DeviceMonitor
from simulator.contracts.errors import ContractError
from simulator.contracts.loader import load_contracts
from simulator.contracts.mapping import event_violations
from simulator.contracts.requests import find_contract, request_violations
from simulator.trace import HttpExchange, SdkCall, Violation

INTERCOM_SERVICE = "intercom"


class ContractChecker:
    """Checks Intercom REST requests, Intercom SDK calls and the plugin's mapping of Segment events."""

    def __init__(self, *, api_version: str = "2.11", identity_verification: bool = False,
                 select: Collection[str] = (), ignore: Collection[str] = (), contracts_dir: Path | None = None) -> None:
        self.contracts = load_contracts(contracts_dir)
        self.api_version = api_version
        self._check_api_version(api_version)

        known = self.contracts.check_ids()
        self._select = frozenset(_known_ids(select, known, "select"))
        self._ignore = frozenset(_known_ids(ignore, known, "ignore"))
        self._device = DeviceMonitor(self.contracts.devices, identity_verification=identity_verification)

    def check_request(self, exchange: HttpExchange) -> list[Violation]:
        """Return the violations of one HTTP exchange, or [] when it went to another service than Intercom."""
        if exchange.service != INTERCOM_SERVICE:
            return []
        contract = find_contract(self.contracts.requests, exchange.method, exchange.path)
        if contract is None:
            return []  # NOTE: routes without a contract, such as GET /contacts/{id}, are not checked.
        return self._enabled(request_violations(contract, exchange, self.api_version))

    def check_sdk_call(self, call: SdkCall) -> list[Violation]:
        """Return the device-rule violations of ``call``, which must come after every earlier call of the run."""
        return self._enabled(self._device.check(call))

    def check_event_calls(self, event: dict[str, Any], calls: list[SdkCall]) -> list[Violation]:
        """Return the mapping violations of the SDK calls the plugin made while handling ``event``.

        ``event`` is the Segment event as the Intercom destination received it. A reset,
        which sends no event, is passed as ``{"type": "reset"}``.
        """
        violations = []
        for contract in self.contracts.mappings:
            violations += event_violations(contract, event, calls)
        return self._enabled(violations)

    def is_enabled(self, contract: str, check: str) -> bool:
        """Return whether ``select`` and ``ignore`` let ``check`` of ``contract`` report."""
        ids = {check, f"{contract}/{check}"}
        if self._select and not ids & self._select:
            return False
        return not ids & self._ignore

    def _enabled(self, violations: list[Violation]) -> list[Violation]:
        return [violation for violation in violations if self.is_enabled(violation.contract, violation.check)]

    def _check_api_version(self, api_version: str) -> None:
        for contract in self.contracts.requests:
            if api_version not in contract.schemas:
                supported = ", ".join(sorted(contract.schemas))
                raise ContractError(None, f"The Intercom API version {api_version!r} is not described by {contract.id} ({contract.file}).",
                                    f"use one of {supported}, or add the version to that contract")


def _known_ids(ids: Collection[str], known: set[str], option: str) -> list[str]:
    if isinstance(ids, str):
        ids = [ids]
    for check in ids:
        if check not in known:
            suggestion = difflib.get_close_matches(check, sorted(known), n=1, cutoff=0.0)
            hint = f" (did you mean {suggestion[0]!r}?)" if suggestion else ""
            raise ContractError(None, f"Unknown check id {check!r} in {option}{hint}.",
                                "use a check id such as 'amount-integer-cents', or 'contract/check' such as "
                                "'intercom.create-data-event/amount-integer-cents'")
    return list(ids)
