"""Find and load the contract files of a contracts folder.

The folder contains one subfolder per kind of contract, each with ``*.yaml`` files:
``intercom/`` (Intercom REST endpoints), ``mapping/`` (Segment's mapping tables) and
``device/`` (Intercom iOS SDK call rules). Other files, such as a README, are ignored.
A YAML file anywhere else is an error, so a misplaced contract is not silently skipped.

Loaded folders are cached for the whole process by folder and file contents, so building
a checker for each scenario run parses the files once.

NOTE: the default folder is ``contracts/`` next to the ``simulator`` package, which
exists in a source checkout or an editable install. A wheel does not ship it, so an
installed copy needs ``contracts_dir``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from simulator.contracts.build import build_device_contract, build_mapping_contract, build_request_contract
from simulator.contracts.errors import ContractError
from simulator.contracts.file_schemas import FILE_SCHEMAS
from simulator.contracts.model import Contracts, DeviceContract, MappingContract, RequestContract
from simulator.contracts.source import ContractSource, nearest, read_source
from simulator.errors import Location

DEFAULT_DIRECTORY = Path(__file__).resolve().parents[2] / "contracts"

_BUILDERS: dict[str, Callable[[ContractSource], RequestContract | MappingContract | DeviceContract]] = {
    "intercom": build_request_contract,
    "mapping": build_mapping_contract,
    "device": build_device_contract,
}

_CACHE: dict[tuple[Path, tuple[tuple[str, str], ...]], Contracts] = {}


def load_contracts(directory: Path | None = None) -> Contracts:
    """Load every contract under ``directory`` (default: the repository's ``contracts/``).

    Raises ContractError naming the file, line and fix for a broken file, a duplicate
    contract id, two contracts for one route, or a missing folder.
    """
    root = Path(directory if directory is not None else DEFAULT_DIRECTORY).resolve()
    if not root.is_dir():
        raise ContractError(Location(str(root)), "The contracts folder does not exist.",
                            "pass the folder that contains intercom/, mapping/ and device/")

    files = _contract_files(root)
    key = (root, tuple((str(file.relative_to(root)), hashlib.sha256(file.read_bytes()).hexdigest()) for file in files))
    cached = _CACHE.get(key)
    if cached is not None:
        return cached

    loaded: dict[str, list[RequestContract | MappingContract | DeviceContract]] = {kind: [] for kind in _BUILDERS}
    sources: dict[str, ContractSource] = {}
    for file in files:
        kind = file.relative_to(root).parts[0]
        source = read_source(file, FILE_SCHEMAS[kind])
        contract = _BUILDERS[kind](source)
        if contract.id in sources:
            raise source.error("id", f"The contract id {contract.id!r} is already used by {sources[contract.id].file}.",
                               "give each contract its own id", key=False)
        sources[contract.id] = source
        loaded[kind].append(contract)

    requests = tuple(contract for contract in loaded["intercom"] if isinstance(contract, RequestContract))
    _check_routes(requests, sources)
    contracts = Contracts(
        directory=root,
        requests=requests,
        mappings=tuple(contract for contract in loaded["mapping"] if isinstance(contract, MappingContract)),
        devices=tuple(contract for contract in loaded["device"] if isinstance(contract, DeviceContract)),
    )
    _CACHE[key] = contracts
    return contracts


# Folders of data about contracts, not contracts: findings/ lists the contracts a plugin
# profile breaks, with minimal inputs, for the tests and the fuzz command.
_NOT_CONTRACTS = {"findings"}


def _contract_files(root: Path) -> list[Path]:
    files = []
    for file in sorted(root.rglob("*")):
        if file.suffix not in (".yaml", ".yml") or not file.is_file():
            continue
        parts = file.relative_to(root).parts
        if parts[0] in _NOT_CONTRACTS:
            continue
        if len(parts) != 2 or parts[0] not in _BUILDERS:
            folder = parts[0] if len(parts) > 1 else "the top level"
            raise ContractError(
                Location(str(file)),
                f"The contract file is in {folder} of the contracts folder, where no contracts are read.",
                f"move it into one of {', '.join(name + '/' for name in _BUILDERS)}{nearest(parts[0], list(_BUILDERS))}",
            )
        files.append(file)
    return files


def _check_routes(requests: tuple[RequestContract, ...], sources: dict[str, ContractSource]) -> None:
    seen: dict[tuple[str, str], RequestContract] = {}
    for contract in requests:
        route = (contract.method, contract.path)
        if route in seen:
            raise sources[contract.id].error(
                "path",
                f"{contract.method} {contract.path} is already described by {seen[route].id} in {seen[route].file}.",
                "keep one contract per route", key=False,
            )
        seen[route] = contract
