"""The pytest plugin, run in nested pytest sessions with pytester."""

from __future__ import annotations

import pytest

SCENARIO = """\
name: {name}
sdk: {{writeKey: PLUGIN_TEST_KEY, trackApplicationLifecycleEvents: false}}
settings:
  integrations:
    Intercom: {{appId: app1, mobileApiKey: ios_sdk-plugin0test0key}}
snapshot: {snapshot}
contracts: {{ignore: [track-default-currency]}}
steps:
  - launch
  - identify: {{userId: u1, traits: {{plan: pro}}}}
  - track: {{event: Upgraded, properties: {{revenue: {revenue}}}}}
expect:
  sdk_calls:
    - {{method: loginUser, args: {{attributes: {{userId: u1}}}}, result: ok}}
    - {{method: logEvent, args: {{name: Upgraded}}, result: {result}}}
"""


def write_scenario(pytester: pytest.Pytester, name: str, *, snapshot: bool = False, revenue: float = 10, result: str = "ok") -> None:
    folder = pytester.path / "fixtures" / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    text = SCENARIO.format(name=name, snapshot=str(snapshot).lower(), revenue=revenue, result=result)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_scenarios_collected_by_name(pytester: pytest.Pytester) -> None:
    """Each YAML file under fixtures/scenarios becomes one item named after its scenario."""
    write_scenario(pytester, "first")
    write_scenario(pytester, "second")

    result = pytester.runpytest("--collect-only", "-q")

    result.stdout.fnmatch_lines(["*first.yaml::first", "*second.yaml::second"])


def test_passing_scenario_passes(pytester: pytest.Pytester) -> None:
    write_scenario(pytester, "ok-scenario")

    result = pytester.runpytest()

    result.assert_outcomes(passed=1)


def test_failure_shows_text_timeline(pytester: pytest.Pytester) -> None:
    """A failed expectation fails the item, and the report is the scenario's timeline."""
    write_scenario(pytester, "broken", result="error")

    result = pytester.runpytest()

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*[[]3[]] track 'Upgraded'*", "*FAILED expect.sdk_calls*"])


def test_yaml_outside_fixtures_ignored(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", other="steps: [launch]\n")

    result = pytester.runpytest("--collect-only", "-q")

    assert "other" not in result.stdout.str()


def test_named_yaml_file_collected(pytester: pytest.Pytester) -> None:
    """A YAML file named on the command line is collected even outside fixtures/scenarios."""
    path = pytester.path / "elsewhere.yaml"
    path.write_text(SCENARIO.format(name="elsewhere", snapshot="false", revenue=1, result="ok"), encoding="utf-8")

    result = pytester.runpytest(str(path))

    result.assert_outcomes(passed=1)


def test_invalid_scenario_fails_with_location(pytester: pytest.Pytester) -> None:
    folder = pytester.path / "fixtures" / "scenarios"
    folder.mkdir(parents=True)
    (folder / "bad.yaml").write_text("steps:\n  - lanch\n", encoding="utf-8")

    result = pytester.runpytest()

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*bad.yaml:2:5*did you mean 'launch'*"])


def test_snapshot_missing_then_created(pytester: pytest.Pytester) -> None:
    """A missing snapshot fails; --scenario-snapshot-update writes it and the next run passes."""
    write_scenario(pytester, "snap", snapshot=True)

    first = pytester.runpytest()
    created = pytester.runpytest("--scenario-snapshot-update")
    second = pytester.runpytest()

    first.assert_outcomes(failed=1)
    created.assert_outcomes(passed=1)
    second.assert_outcomes(passed=1)
    assert (pytester.path / "fixtures" / "snapshots" / "snap.json").exists()


def test_snapshot_mismatch_shows_diff(pytester: pytest.Pytester) -> None:
    write_scenario(pytester, "drift", snapshot=True, revenue=10)
    pytester.runpytest("--scenario-snapshot-update")
    write_scenario(pytester, "drift", snapshot=True, revenue=12)

    result = pytester.runpytest()

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*differs at:*", "*$.steps[[]2[]].sdk_calls[[]0[]].args.metaData.price.amount*"])


def test_scenario_seed_option_used(pytester: pytest.Pytester) -> None:
    """--scenario-seed replaces each scenario's seed; the failure report names it."""
    write_scenario(pytester, "seeded", result="error")

    result = pytester.runpytest("--scenario-seed", "99")

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*seed 99, profile swift-1.0.1*"])


def test_options_in_one_group(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")

    result.stdout.fnmatch_lines([
        "*Intercom device simulator scenarios*",
        "*--scenario-snapshot-update*",
        "*--scenario-seed*",
        "*--scenario-profile*",
    ])


def test_markers_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")

    result.stdout.fnmatch_lines(["*intercom_profile(name)*", "*slow*"])


def test_fixtures_drive_phone(pytester: pytest.Pytester) -> None:
    """The analytics fixture is a launched SDK whose Intercom traffic the intercom fixture shows."""
    pytester.makepyfile(test_fixtures="""
        def test_identify_creates_contact(analytics, intercom, device):
            analytics.identify("u7", {"email": "u7@example.com"})
            analytics.track("Checked Out", {"revenue": 5})

            assert intercom.find_contact(external_id="u7")["email"] == "u7@example.com"
            assert [event["sent_name"] for event in intercom.events] == ["Checked Out"]
            assert intercom.requests[-1].path == "/events"
            assert device.launch_count == 1
    """)

    result = pytester.runpytest()

    result.assert_outcomes(passed=1)


def test_profile_marker_selects_profile(pytester: pytest.Pytester) -> None:
    """intercom_profile('documented') rounds cents, where swift-1.0.1 sends the raw Double."""
    pytester.makepyfile(test_profiles="""
        import pytest

        @pytest.mark.intercom_profile("documented")
        def test_documented(analytics, intercom):
            analytics.identify("u1")
            analytics.track("Paid", {"revenue": 19.99})
            assert intercom.events[0]["metadata"]["price"]["amount"] == 1999

        def test_shipped(analytics, intercom):
            analytics.identify("u1")
            analytics.track("Paid", {"revenue": 19.99})
            assert intercom.events[0]["metadata"]["price"]["amount"] == 1998.9999999999998
    """)

    result = pytester.runpytest()

    result.assert_outcomes(passed=2)


def test_run_scenario_fixture_accepts_mapping(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_mapping="""
        def test_mapping(run_scenario):
            result = run_scenario({"steps": ["launch"], "sdk": {"writeKey": "K123456"}})
            assert result.passed
            assert result.summary["events"] == 2
    """)

    result = pytester.runpytest()

    result.assert_outcomes(passed=1)


def test_xdist_matches_serial(pytester: pytest.Pytester) -> None:
    """Running under pytest-xdist with two workers gives the same outcomes as a serial run."""
    for index in range(4):
        write_scenario(pytester, f"parallel-{index}", result="ok" if index % 2 else "error")

    serial = pytester.runpytest()
    parallel = pytester.runpytest("-n", "2")

    serial.assert_outcomes(passed=2, failed=2)
    parallel.assert_outcomes(passed=2, failed=2)
