"""Issue 12's findings and the regression tests that hold each one fixed.

Each test runs the real command (a subprocess or click's runner on ``legday``) or the real
server (uvicorn on loopback); ``tests/test_fuzz.py`` checks that every test named here exists,
so the table in ``benchmarks/RELIABILITY.md`` cannot name a test that is gone.
"""

from __future__ import annotations

# (item, what was wrong, tests as "file::function")
ITEMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "1",
        "sparse calendars solved slowly (two all-day runs, 12 weeks: 13 s CPU, 'feasible' "
        "under load)",
        (
            "tests/cli/test_sparse_plan.py::test_two_all_day_runs_are_proven_optimal_in_little_cpu",
            "tests/solver/test_sparse.py::test_two_all_day_runs_and_empty_weeks_are_proven_optimal",
            "tests/solver/test_dp.py::test_ten_sparse_years_are_proven_optimal",
        ),
    ),
    (
        "2",
        "about 2,000 idle connections from one client shut every other client out (503)",
        (
            "tests/test_serve_connections.py::"
            "test_idle_connections_from_one_client_do_not_shut_out_the_others",
            "tests/test_serve_connections.py::test_a_head_that_trickles_in_is_cut_off",
        ),
    ),
    (
        "3",
        "exit 2 with the new plan already in place when --report could not be written",
        (
            "tests/cli/test_outputs.py::test_a_report_that_cannot_be_written_leaves_the_old_plan",
            "tests/cli/test_outputs.py::"
            "test_the_page_and_watch_files_are_committed_with_the_calendar",
        ),
    ),
    (
        "4",
        "a run with a costly RRULE was dropped with a warning and the plan made without it",
        (
            "tests/cli/test_unexpanded.py::test_a_costly_rule_no_longer_drops_its_run",
            "tests/cli/test_unexpanded.py::test_a_run_that_cannot_be_expanded_refuses_the_plan",
            "tests/cli/test_unexpanded.py::test_busy_time_that_cannot_be_expanded_refuses_the_plan",
        ),
    ),
    (
        "5",
        "--allow-after-long-run also allowed strength on the long-run day itself",
        (
            "tests/constraints/test_no_strength_after_long_run.py::test_the_option_on_the_real_command",
        ),
    ),
    (
        "6",
        "the server followed source symlinks and stored whatever it read",
        (
            "tests/test_serve_sources.py::test_a_source_that_is_no_regular_file_is_refused",
            "tests/test_serve_sources.py::test_only_what_parsed_as_a_calendar_is_stored",
        ),
    ),
    (
        "7",
        "busy-calendar titles copied into every session's description",
        (
            "tests/cli/test_busy_titles.py::test_busy_titles_stay_out_of_the_plan_by_default",
            "tests/cli/test_busy_titles.py::test_busy_titles_only_when_asked",
            "tests/test_serve_feed.py::test_a_feed_names_no_busy_event_unless_the_athlete_asks",
        ),
    ),
    (
        "8",
        "cancellations republished for ever with full text; no warning near 1 MB",
        (
            "tests/test_serve_live.py::"
            "test_cancellations_are_short_and_leave_the_feed_after_their_time",
            "tests/test_serve_live.py::test_health_warns_as_a_feed_nears_the_size_calendars_read",
        ),
    ),
    (
        "9a",
        "OS errors (full disk, read-only, file too large) named no file or the temp file",
        (
            "tests/cli/test_outputs.py::test_a_full_disk_names_the_output_and_changes_nothing",
            "tests/cli/test_outputs.py::test_a_read_only_folder_names_the_output_not_the_temp_file",
            "tests/cli/test_outputs.py::test_file_too_large_names_the_output",
        ),
    ),
    (
        "9b",
        "-o at a FIFO or a device was replaced by a file; -o - made a file called '-'",
        (
            "tests/cli/test_outputs.py::test_a_fifo_a_socket_or_a_device_is_refused",
            "tests/cli/test_outputs.py::test_dash_writes_the_plan_to_standard_output",
        ),
    ),
    (
        "9c",
        "hidden .tmp files of a SIGKILLed run were never cleaned",
        (
            "tests/cli/test_outputs.py::test_a_killed_run_leaves_no_temp_file_for_ever",
            "tests/cli/test_outputs.py::test_stale_temp_files_of_a_killed_run_are_cleaned",
        ),
    ),
    (
        "9d",
        "legday classify X | head -1 exited 2 with 'Broken pipe'",
        (
            "tests/cli/test_outputs.py::test_a_closed_pipe_is_not_an_error",
            "tests/cli/test_outputs.py::test_classify_into_head_exits_quietly",
        ),
    ),
    (
        "9e",
        "-q still printed the summary",
        ("tests/cli/test_outputs.py::test_quiet_prints_nothing_on_success",),
    ),
    (
        "9f",
        "legday token show printed port 8080 whatever port the server used",
        (
            "tests/test_serve_connections.py::"
            "test_token_show_prints_the_port_the_server_really_uses",
        ),
    ),
    (
        "9g",
        "Outlook's 'Customized Time Zone' read in the fallback zone despite its VTIMEZONE",
        (
            "tests/cli/test_customized_time_zone.py::"
            "test_classify_and_plan_read_the_files_own_time_zone",
            "tests/calendar/test_importer.py::"
            "test_outlook_customized_time_zone_is_read_from_its_vtimezone",
        ),
    ),
    (
        "9h",
        "a re-plan that changed a kept session's description kept its SEQUENCE",
        (
            "tests/replan/test_replan.py::test_new_words_on_a_kept_session_raise_its_sequence",
            "tests/test_serve_live.py::test_subscribing_parsers_follow_a_moved_long_run",
        ),
    ),
    (
        "10",
        "a source rewritten within the second of a poll was never followed (weak validator)",
        (
            "tests/test_serve_sources.py::"
            "test_a_source_rewritten_within_the_second_of_a_poll_is_followed",
            "tests/test_serve_sources.py::test_validators_of_a_body_that_did_not_parse_are_not_kept",
            "tests/test_serve_sources.py::test_a_local_file_rewritten_within_one_clock_tick_is_followed",
        ),
    ),
)
