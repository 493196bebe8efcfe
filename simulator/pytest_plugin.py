"""pytest plugin: scenario files as test items, and fixtures for writing contract tests.

Registered through the ``pytest11`` entry point, so installing the package is enough.

- Every ``*.yaml`` under a ``fixtures/scenarios`` folder, and every YAML file named on
  the command line, is collected as one test item named after its scenario. A failing
  item shows the scenario's text timeline.
- Options, in the ``intercom-simulator`` group: ``--scenario-snapshot-update``,
  ``--scenario-seed`` and ``--scenario-profile``.
- Fixtures: ``device``, ``analytics``, ``intercom`` and ``run_scenario``.
- Markers: ``intercom_profile(name)`` runs a test's fixtures with that plugin profile, and
  ``slow`` marks long tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator.errors import SimulatorError
from simulator.fake_intercom import IntercomWorkspace
from simulator.harness import Harness
from simulator.intercom.profiles import PROFILES
from simulator.report.snapshot import compare_snapshot, snapshot_folder_for
from simulator.report.text import render_text
from simulator.scenario.loader import load_scenario, scenario_from_mapping
from simulator.scenario.runner import RunResult
from simulator.scenario.runner import run_scenario as run_loaded_scenario
from simulator.trace import HttpExchange

DEFAULT_FIXTURE_SCENARIO: dict[str, Any] = {
    "name": "pytest-fixture",
    "sdk": {"writeKey": "PYTEST_WRITE_KEY", "trackApplicationLifecycleEvents": False},
    "settings": {"integrations": {"Intercom": {"appId": "pytestapp", "mobileApiKey": "ios_sdk-pytest0key0000"}}},
    "steps": ["launch"],
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("intercom-simulator", "Intercom device simulator scenarios")
    group.addoption("--scenario-snapshot-update", action="store_true",
                    help="write new and changed scenario snapshots instead of failing on a difference")
    group.addoption("--scenario-seed", type=int, default=None,
                    help="run every scenario with this seed instead of its own")
    group.addoption("--scenario-profile", choices=sorted(PROFILES), default=None,
                    help="run every scenario and fixture with this plugin profile")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "intercom_profile(name): run this test's simulator fixtures with plugin profile NAME")
    config.addinivalue_line("markers", "slow: a long-running test, such as a long property run or a benchmark")


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    if _is_scenario_folder_file(file_path) or _named_on_command_line(parent.config, file_path):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    """A scenario YAML file, collected as one test item."""

    def collect(self) -> Iterator[pytest.Item]:
        try:
            scenario = load_scenario(self.path)
        except SimulatorError as error:
            yield InvalidScenarioItem.from_parent(self, name=self.path.stem, error=error)
            return
        yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)


class ScenarioItem(pytest.Item):
    """One scenario run, with its expectations, contracts and snapshot."""

    def __init__(self, *, scenario: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.result: RunResult | None = None

    def runtest(self) -> None:
        config = self.config
        result = run_loaded_scenario(
            self.scenario,
            seed=config.getoption("--scenario-seed"),
            profile=config.getoption("--scenario-profile"),
        )
        if self.scenario.snapshot:
            update = config.getoption("--scenario-snapshot-update")
            result.snapshot = compare_snapshot(result, snapshot_folder_for(self.scenario.file), update=update)
        self.result = result
        if not result.passed:
            raise ScenarioFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailed):
            return render_text(excinfo.value.result)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, f"scenario {self.name}"


class InvalidScenarioItem(pytest.Item):
    """A scenario file that failed to load: the item fails with the loader's message."""

    def __init__(self, *, error: SimulatorError, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        raise self.error

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return str(excinfo.value)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, f"invalid scenario {self.name}"


class ScenarioFailed(Exception):
    """A scenario whose expectations, contracts or snapshot did not hold."""

    def __init__(self, result: RunResult) -> None:
        super().__init__(f"scenario {result.scenario.name!r} failed")
        self.result = result


class IntercomView:
    """The fake Intercom workspace of a test, with what it received."""

    def __init__(self, harness: Harness) -> None:
        self._harness = harness
        self.workspace: IntercomWorkspace = harness.workspace

    @property
    def contacts(self) -> list[dict[str, Any]]:
        return self.workspace.contacts

    @property
    def events(self) -> list[dict[str, Any]]:
        return self.workspace.events

    @property
    def companies(self) -> list[dict[str, Any]]:
        return self.workspace.companies

    @property
    def requests(self) -> list[HttpExchange]:
        """The HTTP requests sent to Intercom so far, in order."""
        return [request for request in self._harness.trace.all_requests() if request.service == "intercom"]

    def find_contact(self, **criteria: Any) -> dict[str, Any] | None:
        return self.workspace.find_contact(**criteria)


@pytest.fixture
def simulator_harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """A simulated phone and its fake services, with Intercom settings and lifecycle events off."""
    marker = request.node.get_closest_marker("intercom_profile")
    profile = marker.args[0] if marker else request.config.getoption("--scenario-profile")
    harness = Harness(scenario_from_mapping(DEFAULT_FIXTURE_SCENARIO), profile=profile)
    yield harness
    harness.close()


@pytest.fixture
def device(simulator_harness: Harness) -> Any:
    """The simulated iPhone: profile, virtual clock, storage and lifecycle."""
    return simulator_harness.device


@pytest.fixture
def analytics(simulator_harness: Harness) -> Any:
    """A launched analytics-swift SDK on the ``device`` with the Intercom destination added."""
    return simulator_harness.launch().analytics


@pytest.fixture
def intercom(simulator_harness: Harness) -> IntercomView:
    """The fake Intercom workspace, with its contacts, events, companies and received requests."""
    return IntercomView(simulator_harness)


@pytest.fixture
def run_scenario(request: pytest.FixtureRequest) -> Any:
    """Run a scenario file path or mapping and return its RunResult."""
    marker = request.node.get_closest_marker("intercom_profile")
    default_profile = marker.args[0] if marker else request.config.getoption("--scenario-profile")

    def run(source: str | Path | dict[str, Any], *, seed: int | None = None, profile: str | None = None) -> RunResult:
        scenario = scenario_from_mapping(source) if isinstance(source, dict) else load_scenario(source)
        return run_loaded_scenario(scenario, seed=seed, profile=profile or default_profile)

    return run


def _is_scenario_folder_file(path: Path) -> bool:
    parts = path.resolve().parts
    return any(parts[index:index + 2] == ("fixtures", "scenarios") for index in range(len(parts) - 1))


def _named_on_command_line(config: pytest.Config, path: Path) -> bool:
    resolved = path.resolve()
    for argument in config.args:
        candidate = Path(argument.split("::")[0])
        if candidate.exists() and candidate.resolve() == resolved:
            return True
    return False
