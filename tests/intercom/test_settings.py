"""Pin ``IntercomDestination.update``, ``reset`` and the event types the plugin ignores."""

from __future__ import annotations

import pytest

from .helpers import APP_ID, MOBILE_API_KEY, identify_step, methods, only_call, sdk_calls


def test_set_api_key_args(run_steps):
    result = run_steps(["launch"])

    assert only_call(result, "setApiKey").args == {"apiKey": MOBILE_API_KEY, "appId": APP_ID}


def test_set_api_key_once_per_launch(run_steps):
    """A settings refresh on return from the background is no initial update, so no second call."""
    result = run_steps(["launch", "background", {"advance": "60s"}, "foreground"])

    assert len(sdk_calls(result, "setApiKey")) == 1


def test_set_api_key_each_launch(run_steps):
    result = run_steps(["launch", "terminate", "launch"])

    assert len(sdk_calls(result, "setApiKey")) == 2


@pytest.mark.parametrize("missing", ["mobileApiKey", "appId"])
def test_missing_setting_no_api_key(run_steps, missing):
    """Decoding IntercomSettings needs both keys, so a missing one skips setApiKey."""
    intercom = {"appId": APP_ID, "mobileApiKey": MOBILE_API_KEY}
    del intercom[missing]

    result = run_steps(["launch", identify_step()], settings={"integrations": {"Intercom": intercom}})

    assert "setApiKey" not in methods(result)


def test_unconfigured_calls_rejected(run_steps):
    settings = {"integrations": {"Intercom": {"appId": APP_ID}}}

    result = run_steps(["launch", identify_step(), {"track": {"event": "Viewed"}}], settings=settings)

    calls = sdk_calls(result)
    assert [call.method for call in calls] == ["loginUser", "logEvent"]
    for call in calls:
        assert call.result.startswith("error:"), call
        assert "setApiKey" in call.result, call


def test_reset_logs_out(run_steps):
    result = run_steps(["launch", identify_step(), "reset"])

    assert methods(result)[-1] == "logout"


@pytest.mark.parametrize("step", [{"screen": {"name": "Home"}}, {"alias": {"newId": "u2"}}], ids=["screen", "alias"])
def test_ignored_event_types(run_steps, step):
    result = run_steps(["launch", identify_step(), step])

    assert methods(result) == ["setApiKey", "loginUser"]
