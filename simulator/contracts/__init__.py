"""Contracts for the simulated traffic: Intercom REST requests, Intercom SDK calls and Segment's mapping.

The rules live as YAML files in the repository's ``contracts/`` folder, which its README
describes. This package loads them and checks a run's trace against them.
"""

from simulator.contracts.checker import ContractChecker
from simulator.contracts.errors import ContractError
from simulator.contracts.loader import load_contracts
from simulator.contracts.model import Contracts

__all__ = ["ContractChecker", "ContractError", "Contracts", "load_contracts"]
