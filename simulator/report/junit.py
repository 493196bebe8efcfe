"""JUnit XML: one test case per scenario, its violations and failed expectations as failures."""

from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from simulator.report.redact import redact
from simulator.report.text import render_text
from simulator.scenario.runner import RunResult


def write_junit(results: list[RunResult], path: Path) -> None:
    """Write the report atomically: a crash leaves any previous file in place."""
    suite = ElementTree.Element("testsuite", name="intercom-scenarios", tests=str(len(results)),
                                failures=str(sum(not result.passed for result in results)))
    for result in results:
        case = ElementTree.SubElement(suite, "testcase", classname="scenarios", name=result.scenario.name,
                                      file=result.scenario.file)
        if result.passed:
            continue
        messages = [f"{failure.kind}[{failure.index}]: {failure.message}" for failure in result.expectation_failures]
        messages += [f"{v.contract}/{v.check} at {v.path}: {v.message}" for v in result.unexpected_violations]
        if result.snapshot is not None and result.snapshot.failed:
            messages.append(f"snapshot {result.snapshot.path.name} is {result.snapshot.status}")
        failure = ElementTree.SubElement(case, "failure", message="; ".join(redact(messages, result.secrets)))
        failure.text = render_text(result)

    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            ElementTree.ElementTree(suite).write(file, encoding="utf-8", xml_declaration=True)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
