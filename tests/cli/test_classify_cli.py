"""`legday classify`: every event's kind, language, recognised words and race priority, and
warnings about training-like events nobody's words describe (issue 10)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from optimizer.cli import main
from tests.classify.language_plans import fixture_path
from tests.conftest import SAMPLES


def legday(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def rows(output: str) -> dict[str, list[str]]:
    """Each table row's cells (the columns the dashes under the header mark), by title."""
    lines = output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("when "))
    starts = [m.start() for m in re.finditer(r"-+", lines[header + 1])]
    out = {}
    for line in lines[header + 2 :]:
        if not line.startswith(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")):
            break
        cells = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], None], strict=True)]
        out[cells[4]] = cells
    return out


def test_the_table_shows_kind_language_words_and_priority() -> None:
    result = legday("classify", fixture_path("es"))
    assert result.exit_code == 0
    header = result.output.splitlines()[0].split()
    assert header == ["when", "kind", "km", "lang", "title", "words", "why"]
    table = rows(result.output)
    assert table["Tirada larga 18 km"][1:6] == [
        "long",
        "18.0",
        "es",
        "Tirada larga 18 km",
        "tirada larga",
    ]
    assert table["Media Maratón de Valencia"][1] == "race (goal)"
    assert table["Carrera popular 10 km - carrera de prepa"][1] == "race (tune-up)"
    assert table["Descanso"][1:4] == ["other", "", "es"]
    assert result.output.rstrip().endswith("(zone Etc/UTC; languages es)")


def test_every_language_is_shown_in_its_own_code() -> None:
    for lang in ("de", "fr", "it", "pt", "nl"):
        table = rows(legday("classify", fixture_path(lang)).output)
        langs = {cells[3] for cells in table.values() if '" says' not in cells[6]}
        assert lang in langs


def test_an_english_sample_still_reads_as_before() -> None:
    result = legday("classify", SAMPLES / "marathon_google.ics")
    assert result.exit_code == 0
    table = rows(result.output)
    assert table["Intervals 6x800m"][1:4] == ["hard", "4.8", "en"]
    assert table["Long run 10 mi"][5] == "long run"


def test_unknown_training_is_named_in_a_warning(tmp_path: Path) -> None:
    """A weekly 45-min "Sesión Z" in a Spanish plan: read as an easy run, and said so."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN"]
    for w in range(4):
        for day, title, minutes in (
            (1, "Rodaje suave 8 km", 45),
            (3, "Series 6x1000", 50),
            (2, "Sesión Z", 45),
            (6, "Tirada larga 20 km", 120),
        ):
            date = f"202703{1 + 7 * w + day:02d}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{w}-{day}@t",
                "DTSTAMP:20270101T000000Z",
                f"SUMMARY:{title}",
                f"DTSTART:{date}T070000Z",
                f"DURATION:PT{minutes}M",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    path = tmp_path / "plan.ics"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["classify", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    table = rows(result.stdout)
    assert table["Sesión Z"][1:4] == ["easy", "", "-"]
    assert table["Sesión Z"][6].startswith("no words understood; a recurring 45-min event")
    assert 'legday: warning: "Sesión Z" (4 events from Wed 03 Mar 2027): no words understood' in (
        result.stderr
    )


def test_config_words_per_language(tmp_path: Path) -> None:
    config = tmp_path / "legday.toml"
    config.write_text('[keywords.es]\nextra_hard = ["tramos"]\n', encoding="utf-8")
    ics = tmp_path / "runs.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\n"
        "DTSTAMP:20270101T000000Z\r\nSUMMARY:Tramos 5 x 2 km\r\nDTSTART;VALUE=DATE:20270302\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    table = rows(legday("classify", ics, "--config", config).output)
    assert table["Tramos 5 x 2 km"][1:4] == ["hard", "10.0", "es"]


def test_a_bad_language_table_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "legday.toml"
    config.write_text('[keywords.xx]\nhard = ["a"]\n', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["classify", str(fixture_path("es")), "--config", str(config)]
    )
    assert result.exit_code != 0
    assert "keywords" in result.output + result.stderr and "'xx'" in result.output + result.stderr
