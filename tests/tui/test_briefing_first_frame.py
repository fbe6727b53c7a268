"""The briefing drawn as the first frame of ``cpx play`` stays whole while it got cheaper
(issue 11): only its sections of the scenario file are parsed, its list lines wrap
under their text, and one line of keys (from the bindings) replaces button and footer."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from cpx.tui.app import PlayApp
from cpx.tui.briefing_text import BRIEFING_SECTIONS, briefing_yaml, read_briefing
from cpx.tui.keys import APP_KEYS, BRIEFING_KEYS
from cpx.tui.screens.briefing import BriefingScreen, key_bar, key_label
from cpx.tui.screens.command_post import CommandPostScreen
from cpx.tui.screens.help import HelpScreen
from cpx.tui.session import open_session
from cpx.tui.widgets.hanging_line import HangingLine

from .conftest import ROOT, TUTORIAL, screen_text
from .test_launch import opened

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def _sections(text: str) -> list[str]:
    """The text of each unindented section of a block-style YAML file, in order."""
    starts = [m.start() for m in re.finditer(r"^[A-Za-z_]", text, re.MULTILINE)]
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)])]


def test_only_the_briefing_sections_are_parsed_and_they_are_whole():
    for path in SCENARIOS:
        text = path.read_text(encoding="utf-8")
        whole = yaml.safe_load(text)
        cut = yaml.safe_load(briefing_yaml(text))
        assert set(cut) == BRIEFING_SECTIONS & set(whole), path.name
        assert cut == {key: whole[key] for key in cut}, path.name
        assert len(briefing_yaml(text)) < len(text) / 2, path.name  # most is left out


@settings(max_examples=25, deadline=None)
@given(st.permutations(_sections(Path(TUTORIAL).read_text(encoding="utf-8"))))
def test_the_sections_are_found_in_any_order(sections):
    text = "# a scenario\n" + "".join(s if s.endswith("\n") else s + "\n" for s in sections)
    whole = yaml.safe_load(text)
    assert yaml.safe_load(briefing_yaml(text)) == {
        key: value for key, value in whole.items() if key in BRIEFING_SECTIONS}


def test_a_briefing_that_refers_to_a_section_left_out_is_still_read(tmp_path):
    # An anchor in the network used by the agencies: the cut text cannot stand alone,
    # so the whole file is read; the briefing is the same.
    text = Path(TUTORIAL).read_text(encoding="utf-8")
    assert "\nnetwork:" in text and "\nagencies:" in text
    path = tmp_path / "anchored.yaml"
    path.write_text(text.replace("\nnetwork:", "\nnetwork:\n  x-kind: &kind police", 1)
                    .replace("kind: police", "kind: *kind", 1), encoding="utf-8")
    assert "kind: *kind" in path.read_text(encoding="utf-8")
    assert read_briefing(path) == read_briefing(TUTORIAL) is not None


def test_every_bundled_briefing_read_at_once_is_the_exercise_s():
    from cpx.tui.driver import ExerciseDriver

    for path in SCENARIOS:
        session = open_session(str(path), 1, write_journal=False)
        assert read_briefing(path) == ExerciseDriver(session).presenter.briefing(), path.name


@settings(max_examples=60, deadline=None)
@given(st.text(st.sampled_from("ab cd—éx"), min_size=1, max_size=120),
       st.sampled_from(["• ", "  enter Start  "]), st.integers(min_value=4, max_value=90))
def test_a_hanging_line_keeps_every_word_and_wraps_under_its_text(text, lead, width):
    console = Console(width=len(lead) + width, record=True, file=open("/dev/null", "w"))
    console.print(HangingLine(lead, text))
    lines = console.export_text().rstrip("\n").split("\n")
    assert lines[0].startswith(lead)
    assert all(line.startswith(" " * len(lead)) for line in lines[1:])
    assert all(Text(line.rstrip()).cell_len <= len(lead) + width for line in lines)
    shown = "".join(line[len(lead):] for line in lines)
    assert shown.replace(" ", "") == text.replace(" ", "")


def test_the_key_bar_is_the_briefing_s_and_the_app_s_bindings():
    bar = key_bar().plain
    for binding in [*BRIEFING_KEYS, *APP_KEYS]:
        assert f"{key_label(binding)} {binding.description}" in bar
    assert "Enter Start the exercise" in bar and "Ctrl+Q Quit" in bar


async def test_the_briefing_is_readable_at_80_by_24_with_its_keys():
    app = PlayApp(opener=lambda: open_session(TUTORIAL, 1, write_journal=False),
                  tick_seconds=None, briefing_source=TUTORIAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        shown = screen_text(app).splitlines()
        assert read_briefing(TUTORIAL).title in shown[0] and "STARTEX" in shown[1]
        assert shown[-1].strip().startswith("Enter Start the exercise")
        assert sum(bool(line.strip()) for line in shown[:-1]) >= 18  # text, not chrome
        await opened(app, pilot)


async def test_the_key_bar_s_links_run_their_keys():
    app = PlayApp(opener=lambda: open_session(TUTORIAL, 1, write_journal=False),
                  tick_seconds=None, briefing_source=TUTORIAL, start_running=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot)
        bar = key_bar().plain
        await pilot.click("#start", offset=(1 + bar.index("Help"), 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#start", offset=(1 + bar.index("Start"), 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPostScreen)


async def test_the_command_post_s_styles_are_read_after_the_briefing_s_first_frame():
    # Textual parses every style it holds twice before the first frame: the briefing's
    # holds only its own. The command post's are read while the trainee reads the
    # briefing, once the exercise is open behind it, so Enter does not wait for them.
    release = threading.Event()

    def opener():
        release.wait(60)  # the exercise opens only once the first frame is checked
        return open_session(TUTORIAL, 1, write_journal=False)

    app = PlayApp(opener=opener, tick_seconds=None, briefing_source=TUTORIAL,
                  start_running=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        sources = {path for path, _name in app.stylesheet.source}
        assert not any(path.endswith("command_post.tcss") for path in sources)
        assert any(path.endswith("play.tcss") for path in sources)
        release.set()
        await opened(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)  # still reading
        sources = {path for path, _name in app.stylesheet.source}
        assert any(path.endswith("command_post.tcss") for path in sources)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CommandPostScreen)
        assert app.screen.query_one("#feed-pane").styles.border_top[0] == "round"