"""Execution of each scenario step on the simulated phone, and its one-line label."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.errors import ScenarioError
from simulator.scenario.model import Step

if TYPE_CHECKING:
    from simulator.harness import Harness
    from simulator.scenario.app import SimulatedApp


def step_label(step: Step) -> str:
    """Return a one-line description of ``step`` for reports, such as ``track "Order Completed"``."""
    args = step.args
    detail = {
        "identify": lambda: f"userId={args['userId']!r}" if args.get("userId") is not None else "(no userId)",
        "track": lambda: f"{args['event']!r}",
        "screen": lambda: f"{args['name']!r}",
        "group": lambda: f"groupId={args['groupId']!r}",
        "alias": lambda: f"newId={args['newId']!r}",
        "advance": lambda: _format_seconds(args["seconds"]),
        "network": lambda: args["state"],
        "update_app": lambda: f"version={args['version']!r} build={args['build']!r}",
    }.get(step.kind)
    return step.kind if detail is None else f"{step.kind} {detail()}"


def run_step(harness: Harness, step: Step) -> None:
    """Apply ``step`` to the harness's device and app."""
    args = step.args
    device = harness.device

    if step.kind == "launch":
        harness.launch(args.get("url"), args.get("referring_application"))
    elif step.kind == "background":
        device.background()
    elif step.kind == "foreground":
        device.foreground()
    elif step.kind == "terminate":
        device.terminate()
    elif step.kind == "kill":
        device.kill()
    elif step.kind == "update_app":
        device.update_app(args["version"], args["build"])
    elif step.kind == "network":
        device.set_network(args["state"])
    elif step.kind == "settings_fetch_fails":
        harness.fail_next_settings_fetch()
    elif step.kind == "advance":
        harness.clock.advance(args["seconds"])
    else:
        _run_call(harness, step, args)


def running_app(harness: Harness, step: Step) -> SimulatedApp:
    """Return the running app process, or raise ScenarioError naming ``step``."""
    if harness.app is None:
        raise ScenarioError(
            harness.scenario.location(f"steps.{step.index}"),
            f"step {step.index + 1} ({step.kind}) needs a running app, but the app is not running.",
            "add a 'launch' step before it.",
        )
    return harness.app


def _run_call(harness: Harness, step: Step, args: dict[str, Any]) -> None:
    analytics = running_app(harness, step).analytics
    integrations = args.get("integrations")

    if step.kind == "identify":
        if "traits" in args:
            analytics.identify(args.get("userId"), args["traits"], integrations=integrations)
        else:
            analytics.identify(args.get("userId"), integrations=integrations)
    elif step.kind == "track":
        analytics.track(args["event"], args.get("properties"), integrations)
    elif step.kind == "screen":
        analytics.screen(args["name"], args.get("category"), args.get("properties"), integrations)
    elif step.kind == "group":
        analytics.group(args["groupId"], args.get("traits"), integrations)
    elif step.kind == "alias":
        analytics.alias(args["newId"], integrations)
    elif step.kind == "reset":
        analytics.reset()
    elif step.kind == "flush":
        analytics.flush()
    else:
        raise AssertionError(f"internal error: no handler for step kind {step.kind!r}")


def _format_seconds(seconds: float) -> str:
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)):
        if seconds >= size and (seconds / size).is_integer():
            return f"{int(seconds / size)}{unit}"
    return f"{seconds:g}s"
