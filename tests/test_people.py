"""People are actors (issue 17): kind, member_of and role in events.toml, the model, filters,
exports and the picker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MINI
from tui.core.export import export
from tui.core.loader import load_text
from tui.core.query import Filters, TimelineIndex

PEOPLE = """
[actors.eddie-yue]
kind = "person"
name = { en = "Eddie Yue", zh = "余偉文" }
aliases = ["余伟文", "Eddie Yue Wai-man"]
member_of = "hkma"
role = { en = "Chief Executive", zh = "總裁" }

[actors.someone]
kind = "person"
name = { en = "Some One", zh = "某人" }
aliases = []
"""


def corpus_text(extra: str = PEOPLE, schema: int = 2) -> str:
    text = (MINI / "events.toml").read_text(encoding="utf-8")
    text = text.replace("schema = 1", f"schema = {schema}", 1)
    head, marker, rest = text.partition("[[events]]")
    return head + extra + "\n" + marker + rest


def load(text: str):  # type: ignore[no-untyped-def]
    return load_text(text, "events.toml", MINI / "seeds")


def test_a_person_loads_with_their_organisation_and_role() -> None:
    result = load(corpus_text())
    assert result.problems == ()
    eddie = result.corpus.actors["eddie-yue"]
    assert (eddie.kind, eddie.parent, eddie.is_person) == ("person", "hkma", True)
    assert eddie.role is not None and (eddie.role.en, eddie.role.zh) == ("Chief Executive", "總裁")
    assert result.corpus.actors["hkma"].kind == "organisation"
    assert result.corpus.actors["someone"].parent is None


def test_an_organisation_with_its_children_includes_its_people() -> None:
    text = corpus_text().replace('actors = ["hkma"]', 'actors = ["eddie-yue"]', 1)
    corpus = load(text).corpus
    index = TimelineIndex(corpus)
    assert "eddie-yue" in index.descendants("hkma")
    assert "eddie-yue" in index.descendants("hksar-government")
    alone = index.visible(Filters(actors=frozenset({"hkma"})))
    family = index.visible(Filters(actors=frozenset({"hkma"}), include_children=True))
    moved = next(n for n, e in enumerate(corpus.events) if "eddie-yue" in e.actors)
    assert moved not in alone and moved in family
    assert index.find_actors("余伟文") == {"eddie-yue"}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('member_of = "hkma"', 'parent = "hkma"', "a person has 'member_of', not 'parent'"),
        ('kind = "person"\nname = { en = "Eddie', 'kind = "people"\nname = { en = "Eddie',
         "kind is 'people'; expected organisation or person"),
        ('member_of = "hkma"', 'member_of = "hkmaa"', "unknown member_of 'hkmaa'"),
        ('member_of = "hkma"', 'member_of = "someone"', "member_of 'someone' is a person"),
        ('role = { en = "Chief Executive", zh = "總裁" }', 'role = "CE"',
         "'role' must be a table"),
    ],
)  # fmt: skip
def test_person_mistakes_are_named_on_their_line(old: str, new: str, message: str) -> None:
    text = corpus_text().replace(old, new, 1)
    problems = load(text).problems
    assert any(message in problem.message for problem in problems), problems
    lines = text.splitlines()
    for problem in problems:
        assert problem.line > 0 and lines[problem.line - 1].strip()


def test_an_organisation_cannot_have_a_person_s_keys() -> None:
    person_keys = 'member_of = "hksar-government"\nrole = { en = "x", zh = "x" }'
    text = corpus_text().replace('parent = "hksar-government"', person_keys, 1)
    messages = [problem.message for problem in load(text).problems]
    assert "actor 'hkma': an organisation has 'parent', not 'member_of'" in messages
    assert "actor 'hkma': only a person has a 'role'" in messages


def test_people_need_schema_2() -> None:
    messages = [problem.message for problem in load(corpus_text(schema=1)).problems]
    assert sum("'kind' is new in schema 2" in message for message in messages) == 2
    assert any("'member_of' is new in schema 2" in message for message in messages)


def test_the_json_export_carries_kind_member_of_and_role() -> None:
    corpus = load(corpus_text()).corpus
    actors = {a["id"]: a for a in json.loads(export(corpus, corpus.events, "json"))["actors"]}
    assert actors["eddie-yue"]["kind"] == "person"
    assert actors["eddie-yue"]["member_of"] == "hkma" and actors["eddie-yue"]["parent"] is None
    assert actors["eddie-yue"]["role"] == {"en": "Chief Executive", "zh": "總裁"}
    assert actors["hkma"] | {} == {**actors["hkma"], "kind": "organisation", "member_of": None,
                                   "role": None, "parent": "hksar-government"}  # fmt: skip


async def test_the_picker_groups_organisations_and_people(tmp_path: Path) -> None:
    import shutil

    from tui_helpers import screen_text

    from tui.app import create_app

    shutil.copytree(MINI, tmp_path / "mini")
    events = tmp_path / "mini" / "events.toml"
    events.write_text(corpus_text(), encoding="utf-8")
    app = create_app(events, tmp_path / "mini" / "seeds", use_cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        text = screen_text(app)
        assert "Filter by organisations and people" in text
        # Organisations as a tree first, then people, each with their role and organisation.
        assert text.index("Standard Chartered") < text.index("person · Eddie Yue")
        assert "person · Eddie Yue  余偉文  (0)  — Chief Executive, Hong Kong M" in text
        assert "Include child organisations and people (ctrl+o)" in text
