"""The time model of issue 16 end to end: intervals, open sides and APPROX in events.toml,
schema 2, the one narrowing rule in every view, display forms and exports.

The fixture corpus `tests/data/spans` has three short articles written for these tests in
the style of Hong Kong financial news (zh-Hant, zh-Hans, English), not taken from the
bundled articles, and one event per span form, each with a cross-checked date_text.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tui.cli import main
from tui.core.curate import Curator, EventDraft, QuoteDraft
from tui.core.dates import display, overlaps
from tui.core.export import export
from tui.core.loader import load, load_text
from tui.core.model import Corpus
from tui.core.query import Filters, TimelineIndex
from tui.core.temporal import candidates, resolve_date_text

SPANS = ROOT / "tests" / "data" / "spans"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    result = load(SPANS / "events.toml", SPANS / "seeds", check_date_text=resolve_date_text)
    assert result.problems == ()
    return result.corpus


@pytest.fixture
def spans(tmp_path: Path) -> tuple[Path, Path]:
    target = tmp_path / "spans"
    shutil.copytree(SPANS, target)
    return target / "events.toml", target / "seeds"


def test_every_form_loads_and_cross_checks(corpus: Corpus) -> None:
    values = {event.id: (event.date.value, event.date.mod) for event in corpus.events}
    assert values["e-hkd-phase-2"] == ("2026-04/2027-03", None)
    assert values["e-hkd-use-cases-since-2023"] == ("2023-05/", None)
    assert values["cyberport-1100-by-2025"] == ("/2025-12-31", None)
    assert values["stablecoin-licensing-q3"] == ("2026-Q3", "APPROX")
    assert len(corpus.events) == 14


def test_chronological_order_sorts_open_starts_by_their_end(corpus: Corpus) -> None:
    order = [event.id for event in corpus.events]
    assert order == [
        "virtual-banks-around-2019",
        "sandbox-200-projects",
        "four-platforms-2021",
        "e-hkd-use-cases-since-2023",
        "fintech-funding-jan-sep-2024",
        "reserve-review-since-2024",
        "talent-fund-2025-2028",
        "platform-clients-2025",
        "e-hkd-volume-by-2025",  # by 2025, then by 31 Dec 2025: the wider known end first
        "cyberport-1100-by-2025",
        "e-hkd-phase-2",
        "stablecoin-licensing-q3",
        "reserve-reports-by-2026",
        "surveillance-upgrade",
    ]


@pytest.mark.parametrize(
    ("event_id", "en", "zh"),
    [
        ("sandbox-200-projects", "2020–2025", "2020至2025年"),
        ("e-hkd-phase-2", "Apr 2026 – Mar 2027", "2026年4月至2027年3月"),
        ("e-hkd-use-cases-since-2023", "since May 2023", "2023年5月起"),
        ("cyberport-1100-by-2025", "by 31 Dec 2025", "2025年12月31日或之前"),
        ("four-platforms-2021", "c. 2021", "約2021年"),
        ("fintech-funding-jan-sep-2024", "Jan – Sep 2024", "2024年1月至9月"),
    ],
)
def test_display_forms(corpus: Corpus, event_id: str, en: str, zh: str) -> None:
    event = corpus.event(event_id)
    assert event is not None
    assert (display(event.date, "en"), display(event.date, "zh")) == (en, zh)


def _visible(corpus: Corpus, first: date | None, last: date | None) -> set[str]:
    index = TimelineIndex(corpus)
    positions = index.visible(Filters(date_from=first, date_to=last))
    return {corpus.events[position].id for position in positions}


def test_filters_keep_an_event_whose_days_overlap_the_range(corpus: Corpus) -> None:
    in_2024 = _visible(corpus, date(2024, 1, 1), date(2024, 12, 31))
    # since May 2023 and since Jul 2024 are still running; 2020–2025 spans 2024. A "by"
    # date is matched by the period its end names: "by 2025" is in 2025, not in 2024.
    assert in_2024 == {
        "e-hkd-use-cases-since-2023", "fintech-funding-jan-sep-2024", "reserve-review-since-2024",
        "sandbox-200-projects",
    }  # fmt: skip
    in_2025 = _visible(corpus, date(2025, 1, 1), date(2025, 12, 31))
    assert {"cyberport-1100-by-2025", "e-hkd-volume-by-2025"} <= in_2025
    assert "reserve-reports-by-2026" not in in_2025
    after_2027 = _visible(corpus, date(2028, 1, 1), None)
    assert after_2027 == {
        "e-hkd-use-cases-since-2023", "reserve-review-since-2024", "talent-fund-2025-2028",
        "surveillance-upgrade",
    }  # fmt: skip
    # The index and the one overlap rule agree event by event.
    for event in corpus.events:
        meets = overlaps(event.date, date(2024, 1, 1), date(2024, 12, 31))
        assert meets is (event.id in in_2024)


def test_json_export_gives_interval_values_and_null_open_ends(corpus: Corpus) -> None:
    events = {
        event["id"]: event for event in json.loads(export(corpus, corpus.events, "json"))["events"]
    }
    assert events["sandbox-200-projects"]["date"] == {
        "value": "2020/2025", "mod": None, "start": "2020-01-01", "end": "2025-12-31"}  # fmt: skip
    assert events["reserve-review-since-2024"]["date"] == {
        "value": "2024-07/", "mod": None, "start": "2024-07-01", "end": None}  # fmt: skip
    assert events["cyberport-1100-by-2025"]["date"] == {
        "value": "/2025-12-31", "mod": None, "start": None, "end": "2025-12-31"}  # fmt: skip
    assert events["four-platforms-2021"]["date"]["mod"] == "APPROX"


def test_timelinejs_has_end_dates_for_intervals_and_display_dates_for_fuzzy_ones(
    corpus: Corpus,
) -> None:
    slides = {
        s["unique_id"]: s for s in json.loads(export(corpus, corpus.events, "timelinejs"))["events"]
    }
    phase = slides["e-hkd-phase-2"]
    assert phase["start_date"] == {"year": 2026, "month": 4}
    assert phase["end_date"] == {"year": 2027, "month": 3}
    assert phase["display_date"] == "Apr 2026 – Mar 2027 (planned)"
    assert phase["text"]["headline"].startswith("Planned: ")
    since = slides["reserve-review-since-2024"]
    assert since["start_date"] == {"year": 2024, "month": 7} and "end_date" not in since
    assert since["display_date"] == "since Jul 2024"
    by = slides["cyberport-1100-by-2025"]
    assert by["start_date"] == {"year": 2025, "month": 12, "day": 31}
    assert by["display_date"] == "by 31 Dec 2025"
    # A "by" date starts on its last day, as the app sorts it (not on 1 January).
    assert slides["e-hkd-volume-by-2025"]["start_date"] == {"year": 2025, "month": 12, "day": 31}
    assert slides["four-platforms-2021"]["display_date"] == "c. 2021"
    # A plain date that happened: TimelineJS says it itself.
    assert "display_date" not in slides["fintech-funding-jan-sep-2024"]
    assert slides["fintech-funding-jan-sep-2024"]["end_date"] == {"year": 2024, "month": 9}
    assert not slides["four-platforms-2021"]["text"]["headline"].startswith("Planned")


def test_csv_and_markdown_show_the_display_form_and_the_iso_days(corpus: Corpus) -> None:
    rows = {
        row["id"]: row for row in csv.DictReader(io.StringIO(export(corpus, corpus.events, "csv")))
    }
    since = rows["reserve-review-since-2024"]
    assert (since["date"], since["start"], since["end"], since["date_display"]) == (
        "2024-07/", "2024-07-01", "", "since Jul 2024")  # fmt: skip
    markdown = export(corpus, corpus.events, "md")
    assert "| since Jul 2024 (2024-07-01 – open) |" in markdown
    assert "| by 31 Dec 2025 (open – 2025-12-31) |" in markdown
    assert "| 2020–2025 (2020-01-01 – 2025-12-31) |" in markdown


def test_a_schema_1_file_names_each_schema_2_form(spans: tuple[Path, Path]) -> None:
    events_path, seeds_dir = spans
    text = events_path.read_text(encoding="utf-8").replace("schema = 2", "schema = 1")
    result = load_text(text, "events.toml", seeds_dir)
    messages = [problem.message for problem in result.problems]
    assert len(messages) == 14
    assert messages[0] == (
        "event 'e-hkd-phase-2': '2026-04/2027-03' is an interval, new in schema 2: write "
        "'schema = 2' at the top of the file (hk-timeline 0.1 reads schema 1 only and will "
        "refuse it)"
    )
    lines = text.splitlines()
    for problem in result.problems:
        assert lines[problem.line - 1].startswith(("date = ", "mod = "))
    assert any("'2021' APPROX is the mod APPROX" in message for message in messages)


def test_a_newer_schema_is_refused_with_a_clear_message(spans: tuple[Path, Path]) -> None:
    events_path, seeds_dir = spans
    text = events_path.read_text(encoding="utf-8").replace("schema = 2", "schema = 3")
    problems = load_text(text, "events.toml", seeds_dir).problems
    assert problems[0].line == 2
    assert problems[0].message == (
        "unsupported schema 3: this version reads schema 1 and 2; the file was written for a "
        "newer hk-timeline"
    )


def test_validate_says_which_forms_are_new(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        ["validate", "--events", str(SPANS / "events.toml"), "--seeds", str(SPANS / "seeds")]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "schema 2: 14 events use a form new in schema 2" in out
    assert "  line 49: e-hkd-phase-2: an interval\n" in out
    assert '  line 59: e-hkd-use-cases-since-2023: an open-end interval ("since")\n' in out
    assert "  line 89: stablecoin-licensing-q3: the mod APPROX\n" in out


def test_list_from_an_interval_fills_both_ends(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--events", str(SPANS / "events.toml"), "--seeds", str(SPANS / "seeds")]
    assert main(["list", "--from", "2027至2029年", *args]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "5 of 14 events  (◇ planned)"
    assert main(["list", "--from", "2027", "--to", "2029", *args]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "5 of 14 events  (◇ planned)"


def test_show_says_the_days_a_narrowed_or_open_date_covers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["--events", str(SPANS / "events.toml"), "--seeds", str(SPANS / "seeds")]
    assert main(["show", "reserve-review-since-2024", *args]) == 0
    assert "Date:     since Jul 2024  (2024-07/; 2024-07-01 – open)" in capsys.readouterr().out
    assert main(["show", "cyberport-1100-by-2025", *args]) == 0
    assert "Date:     by 31 Dec 2025  (/2025-12-31; open – 2025-12-31)" in capsys.readouterr().out
    # A one-day date says its day once (it read "(2025-11-06; 2025-11-06)").
    mini = ["--events", str(ROOT / "tests/data/mini/events.toml"),
            "--seeds", str(ROOT / "tests/data/mini/seeds")]  # fmt: skip
    assert main(["show", "hkma-measures", *mini]) == 0
    assert "Date:     6 Nov 2025  (2025-11-06)\n" in capsys.readouterr().out


def test_candidates_offer_the_interval_and_the_points_inside() -> None:
    found = candidates("從2008年到2018年，平台累計處理逾千億元", date(2025, 1, 1))
    assert [(m.value, m.text) for m in found] == [
        ("2008/2018", "從2008年到2018年"), ("2008", "2008年"), ("2018", "2018年")]  # fmt: skip


def test_saving_an_interval_into_a_schema_1_file_upgrades_only_the_schema_digit(
    mini: tuple[Path, Path],
) -> None:
    events_path, seeds_dir = mini
    before = events_path.read_text(encoding="utf-8")
    assert "\nschema = 1\n" in before
    curator = Curator(events_path, seeds_dir)
    draft = EventDraft(
        id="since-2019",
        date="2019-07/",
        status="happened",
        title_en="Since July 2019",
        title_zh="自2019年7月起",
        actors=("hkma",),
        themes=("sandbox",),
        quotes=(QuoteDraft("hk", "今日公布新措施"),),
    )
    result = curator.add_event(draft)
    after = events_path.read_text(encoding="utf-8")
    assert result.problems == ()
    assert curator.notice is not None and "schema = 2" in curator.notice
    head, _, added = after.partition('\n[[events]]\nid = "since-2019"')
    assert head == before.replace("\nschema = 1\n", "\nschema = 2\n")
    assert 'date = "2019-07/"' in added
    loaded = load(events_path, seeds_dir).corpus.event("since-2019")
    assert loaded is not None and display(loaded.date) == "since Jul 2019"
    # An ordinary date leaves a schema 1 file as it is.
    curator.undo()
    assert events_path.read_text(encoding="utf-8") == before
    curator.add_event(replace(draft, id="in-2019", date="2019-07"))
    assert "\nschema = 1\n" in events_path.read_text(encoding="utf-8")
    assert curator.notice is None


# --- the terminal app on the spans corpus ----------------------------------------------------


async def test_the_app_lists_spans_and_the_date_dialog_fills_both_ends_from_one() -> None:
    from textual.widgets import Input
    from tui_helpers import screen_text, type_text, visible_ids

    from tui.app import create_app

    app = create_app(SPANS / "events.toml", SPANS / "seeds")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "since May 2023" in text and "by 31 Dec 2025" in text
        # Too wide for the date column: the ISO ends, as the column's compact form.
        assert " 2026-04–2027-03 " in text and " c. 2021 " in text
        await pilot.press("d")
        await type_text(pilot, "2027至2029年")
        await pilot.press("enter")
        await pilot.pause()
        assert "dates: 2027至2029年 (2027-01-01 – 2029-12-31)" in screen_text(app)
        assert set(visible_ids(app)) == {
            "e-hkd-use-cases-since-2023", "reserve-review-since-2024", "talent-fund-2025-2028",
            "e-hkd-phase-2", "surveillance-upgrade",
        }  # fmt: skip
        await pilot.press("d")
        # Reopened, it shows what was typed (issue 18), the days beside it.
        assert app.screen.query_one("#date-from", Input).value == "2027至2029年"
        assert app.screen.query_one("#date-to", Input).value == ""
        assert "Days: 2027-01-01 – 2029-12-31" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("l")
        await pilot.pause()
        assert "2023年5月起" in screen_text(app)


def test_the_app_reads_back_what_it_displays(corpus: Corpus) -> None:
    """Every date as the app says it, typed into the date dialog, means the same date."""
    from tui.core.temporal import parse_expression

    for event in corpus.events:
        for language in ("en", "zh"):
            said = display(event.date, language)
            read = parse_expression(said, date(2026, 12, 6))
            assert read is not None, said
            assert (read.value, read.mod) == (event.date.value, event.date.mod), said


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2020 Q1–Q3", "2020-Q1/2020-Q3"),
        ("2020年第一季至第三季", "2020-Q1/2020-Q3"),
        ("2024年上半年至下半年", "2024-H1/2024-H2"),
        ("Q1 to Q3 2021", "2021-Q1/2021-Q3"),
        ("2023年第四季至明年第一季", "2023-Q4/2027-Q1"),
        ("Jan – Sep 2024", "2024-01/2024-09"),
    ],
)
def test_a_range_s_second_quarter_or_half_takes_the_first_s_year(text: str, value: str) -> None:
    from tui.core.temporal import parse_expression

    read = parse_expression(text, date(2026, 12, 6))
    assert read is not None and read.value == value


def test_a_schema_1_file_keeps_meaning_what_it_meant() -> None:
    """The bundled file as hk-timeline 0.1 shipped it (tests/data/schema1_events.toml, six
    facts held as points) still loads: in schema 1, "截至2024年" is checked as the point it
    used to be, not as "by 2024"."""
    text = (ROOT / "tests" / "data" / "schema1_events.toml").read_text(encoding="utf-8")
    assert "\nschema = 1\n" in text
    result = load_text(text, "events.toml", ROOT / "seeds", check_date_text=resolve_date_text)
    assert result.problems == ()
    assert len(result.corpus.events) == 61
    dated = {event.id: event.date.value for event in result.corpus.events}
    assert dated["alipayhk-northbound-users-2024"] == "2024"  # 截至2024年, as 0.1 read it


def test_a_reversed_range_is_empty_even_for_spans(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--events", str(SPANS / "events.toml"), "--seeds", str(SPANS / "seeds")]
    assert main(["list", "--from", "2021", "--to", "2020", *args]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 of 14 events"
    assert main(["list", "--to", "since July 2024", *args]) == 2
    assert "--to 'since July 2024': has no last day" in capsys.readouterr().err


def test_a_refused_change_leaves_no_notice(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    curator = Curator(events_path, seeds_dir)
    draft = EventDraft(
        id="since-2019", date="2019-07/", status="happened", title_en="x", title_zh="x",
        actors=("nobody",), themes=("sandbox",), quotes=(QuoteDraft("hk", "今日公布新措施"),),
    )  # fmt: skip
    with pytest.raises(Exception, match="unknown actor .nobody."):
        curator.add_event(draft)
    assert curator.notice is None
    assert "schema = 1" in events_path.read_text(encoding="utf-8")
