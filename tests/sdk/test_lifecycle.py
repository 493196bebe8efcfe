"""iOS lifecycle events: install, update, open, background and foreground."""

from __future__ import annotations

LIFECYCLE_SDK = {"writeKey": "LIFECYCLE_KEY", "trackApplicationLifecycleEvents": True}


def tracks(step_record):
    """Return (event name, properties or None) for each track of one step."""
    return [(event["event"], event.get("properties")) for event in step_record.events if event["type"] == "track"]


def run_lifecycle(run_steps, steps, **sections):
    return run_steps(steps, sdk=LIFECYCLE_SDK, **sections)


def test_first_launch(run_steps):
    """The first launch tracks Installed {version, build}, then Opened with empty url and referrer."""
    result = run_lifecycle(run_steps, ["launch"])

    assert tracks(result.trace.steps[1]) == [
        ("Application Installed", {"version": "1.0.0", "build": "1"}),
        ("Application Opened", {"from_background": False, "version": "1.0.0", "build": "1", "referring_application": "", "url": ""}),
    ]


def test_opened_url_and_referrer(run_steps):
    """A launch from a URL puts the url and referring application into Opened."""
    result = run_lifecycle(run_steps, [{"launch": {"url": "demo://home", "referring_application": "com.apple.mobilesafari"}}])
    opened = tracks(result.trace.steps[1])[-1]

    assert opened == (
        "Application Opened",
        {"from_background": False, "version": "1.0.0", "build": "1", "referring_application": "com.apple.mobilesafari", "url": "demo://home"},
    )


def test_plain_relaunch(run_steps):
    """A relaunch of the same build tracks only Opened."""
    result = run_lifecycle(run_steps, ["launch", "terminate", "launch"])

    assert [name for name, _ in tracks(result.trace.steps[-1])] == ["Application Opened"]


def test_relaunch_after_kill(run_steps):
    """A relaunch after a kill tracks only Opened."""
    result = run_lifecycle(run_steps, ["launch", "kill", "launch"])

    assert [name for name, _ in tracks(result.trace.steps[-1])] == ["Application Opened"]


def test_build_change_is_update(run_steps):
    """A launch after a build change tracks Updated with previous and current version and build, then Opened."""
    result = run_lifecycle(run_steps, ["launch", "terminate", {"update_app": {"version": "1.1", "build": "2"}}, "launch"])

    assert tracks(result.trace.steps[-1]) == [
        ("Application Updated", {"previous_version": "1.0.0", "previous_build": "1", "version": "1.1", "build": "2"}),
        ("Application Opened", {"from_background": False, "version": "1.1", "build": "2", "referring_application": "", "url": ""}),
    ]


def test_version_change_same_build(run_steps):
    """Only the build is compared: a new version with the same build is a plain relaunch."""
    result = run_lifecycle(run_steps, ["launch", {"update_app": {"version": "2.0", "build": "1"}}, "launch"])

    assert [name for name, _ in tracks(result.trace.steps[-1])] == ["Application Opened"]


def test_update_of_running_app(run_steps):
    """Updating a running app first sends it to the background."""
    result = run_lifecycle(run_steps, ["launch", {"update_app": {"version": "1.1", "build": "2"}}])

    assert tracks(result.trace.steps[-1]) == [("Application Backgrounded", None)]


def test_background(run_steps):
    """Backgrounding tracks Backgrounded with no properties."""
    result = run_lifecycle(run_steps, ["launch", "background"])
    events = result.trace.steps[-1].events

    assert [event["event"] for event in events] == ["Application Backgrounded"]
    assert "properties" not in events[0]


def test_foreground(run_steps):
    """Returning from the background tracks Opened {from_background: true, version, build}, then Foregrounded."""
    result = run_lifecycle(run_steps, ["launch", "background", {"advance": "1m"}, "foreground"])
    events = result.trace.steps[-1].events

    assert tracks(result.trace.steps[-1]) == [
        ("Application Opened", {"from_background": True, "version": "1.0.0", "build": "1"}),
        ("Application Foregrounded", None),
    ]
    assert "properties" not in events[1]


def test_terminate_backgrounds(run_steps):
    """terminate from the foreground tracks Backgrounded; kill tracks nothing."""
    result = run_lifecycle(run_steps, ["launch", "terminate", "launch", "kill"])

    assert tracks(result.trace.steps[2]) == [("Application Backgrounded", None)]
    assert result.trace.steps[4].events == []


def test_lifecycle_off(run_steps):
    """trackApplicationLifecycleEvents false tracks none of the lifecycle events."""
    sdk = {"writeKey": "LIFECYCLE_KEY", "trackApplicationLifecycleEvents": False}
    steps = ["launch", "background", {"advance": "1m"}, "foreground", "terminate", {"update_app": {"version": "1.1", "build": "2"}}, "launch"]

    result = run_steps(steps, sdk=sdk)

    assert result.trace.all_events() == []


def test_lifecycle_reaches_segment(run_steps):
    """Lifecycle events are ordinary tracks: they are stored and uploaded to Segment."""
    result = run_lifecycle(run_steps, ["launch", "background"])

    uploaded = [event["event"] for event in result.ingest.events]
    assert uploaded == ["Application Installed", "Application Opened", "Application Backgrounded"]
