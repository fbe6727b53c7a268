"""Bad input gets one clear, located problem: never a traceback, a hang, or executed code."""

from __future__ import annotations

import sys
import tracemalloc

import pytest

from cpx.errors import CpxError
from cpx.scenario import ScenarioError, check_bytes, check_file, load_scenario
from cpx.scenario.source import FAST_ABOVE, MAX_BRACKET_DEPTH, MAX_BYTES, MAX_VALUES

ALIAS_BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]"
            for prev, name in zip("abcdefgh", "bcdefghi")
        ),
    ]
)


def only_problem(result) -> str:
    assert not result.ok
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    problem = result.problems[0]
    return f"{problem.line}:{problem.column}: {problem.message}"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "1:1: the file is empty; start from `cpx new FILE`"),
        (b"   \n\n", "1:1: the file is empty; start from `cpx new FILE`"),
        (b"# just a comment\n", "1:1: the file holds only comments, no scenario; start from `cpx new FILE`"),
        (
            b"Dear director, this is a letter.\n",
            "1:1: this is not a scenario: expected sections such as 'meta:', 'region:', 'network:' "
            "at the top, found plain text",
        ),
        (
            b"- meta\n- region\n",
            "1:1: this is not a scenario: expected sections such as 'meta:', 'region:', 'network:' "
            "at the top, found a list",
        ),
        (b"meta:\n\tid: x\n", "2:1: a tab character is used for indentation; YAML needs spaces"),
        (b"meta:\n  id: x\n  title: \"no end\n", "4:1: the file ends before the quote opened on line 3 is closed; is it cut short?"),
        (b"meta: {id: x,\n", "2:1: the file ends before the bracket is closed; is it cut short?"),
        (b"meta: [1, 2\n", "2:1: the file ends before the bracket opened on line 1 is closed; is it cut short?"),
        (b"meta: {}\n---\nmeta: {}\n", "2:1: a scenario file holds one document; remove this '---' and what follows"),
        (b"a: &a [*a]\n", "1:4: an alias refers to the list or mapping it is inside of"),
        (b"meta:\n  id: x\x00\x01\x02", "2:8: this is a binary file, not a YAML scenario (it contains NUL bytes)"),
        (b"meta:\n  id: x\x07\n", "2:8: the control character U+0007 is not allowed in a YAML file"),
        (b"meta:\n  id: caf\xe9\n", "2:10: byte 0xe9 is not UTF-8; save the file as UTF-8 text"),
        (b"key: [1, 2\nother: }\n", "2:6: not valid YAML: expected ',' or ']', but got ':' (while parsing a flow sequence)"),
    ],
)
def test_unreadable_input_gives_one_located_problem(raw, expected):
    assert only_problem(check_bytes(raw, "bad.yaml")) == expected


def test_alias_bomb_is_refused_before_anything_is_expanded(monkeypatch):
    """Nine lists of nine aliases would expand to 9**9 values; the file is refused from a
    count in which each of its few dozen nodes is sized once and each alias looked up
    once: no value is built and memory stays small. (How long it takes is measured by
    benchmarks/scenario_read.py, not here.)"""
    import cpx.scenario.source as source

    sized, built = [], []
    size, build = source._expanded_size, source._build

    def counted_size(node, *rest):
        sized.append(node)
        return size(node, *rest)

    def counted_build(*args):
        built.append(args)
        return build(*args)

    monkeypatch.setattr(source, "_expanded_size", counted_size)
    monkeypatch.setattr(source, "_build", counted_build)
    result, peak = _with_peak_memory(lambda: check_bytes(ALIAS_BOMB.encode(), "bomb.yaml"))
    assert only_problem(result) == (
        f"1:1: aliases expand to more than {MAX_VALUES:,} values; refusing to read further (is this an alias bomb?)"
    )
    assert not built, "nothing is expanded into values before the count refuses the file"
    nodes = {id(node) for node in sized}
    references = 1 + 9 * 2 + 9 * 9  # the document, its keys and values, the list items
    assert len(nodes) <= 1 + 9 * 3 and len(sized) <= references, (len(nodes), len(sized))
    assert peak < 4 * 1024 * 1024, peak


def test_python_tag_is_reported_and_never_run(tmp_path):
    witness = tmp_path / "ran"
    text = f'meta: !!python/object/apply:os.system ["touch {witness}"]\n'
    result = check_bytes(text.encode(), "evil.yaml")
    messages = [str(problem) for problem in result.problems]
    assert (
        "evil.yaml:1:7: meta: the tag '!!python/object/apply:os.system' is not allowed: "
        "a scenario file holds plain data only (it was not run)"
    ) in messages
    assert not any("meta:" in m and "mapping" in m for m in messages), "the spoiled value is reported once"
    assert not witness.exists()


def test_tagged_key_is_refused():
    result = check_bytes(b"? !!python/name:os.system\n: 1\n", "k.yaml")
    assert [p.message for p in result.problems][:1] == [
        "the tag '!!python/name:os.system' is not allowed: a scenario file holds plain data only (it was not run)"
    ]


@pytest.mark.parametrize("tag", ["!!python/name:os.system", "!!binary aGVsbG8=", "!custom x"])
def test_other_tags_are_refused(tag):
    result = check_bytes(f"meta:\n  id: {tag}\n".encode(), "t.yaml")
    assert any("is not allowed" in p.message and p.path == "meta.id" and p.line == 2 for p in result.problems)


def test_file_of_50_megabytes_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result, peak = _with_peak_memory(lambda: check_file(big))
    assert only_problem(result) == "1:1: the file is 50.0 MB; scenario files are limited to 2 MB"
    assert peak < 1024 * 1024, f"{peak:,} bytes allocated: the file was read"


def test_deeply_nested_brackets_are_refused_at_the_limit_whatever_the_file_size():
    """Brackets are counted before YAML reads the file: the refusal names the first
    bracket past the limit, and a file of a million costs what one of a thousand does."""
    works = []
    for count in (1_000, 1_000_000):
        flow = b"[" * count + b"]" * count
        result, calls = _python_work(lambda: check_bytes(flow))
        assert only_problem(result) == f"1:{MAX_BRACKET_DEPTH + 1}: the file nests too deeply to be a scenario"
        works.append(calls)
    assert works[0] == works[1], works


def test_deeply_nested_blocks_are_refused_at_the_recursion_limit(monkeypatch):
    """Block nesting has no brackets to count: YAML reads it until Python's recursion
    limit stops it, so the nodes composed are bounded by that limit, not by the depth."""
    import cpx.scenario.source as source

    composed = []

    class Watched(source._Composer):
        def compose_node(self, *args):
            composed.append(1)
            return super().compose_node(*args)

    monkeypatch.setattr(source, "_Composer", Watched)
    counts = []
    for levels in (1_000, 1_400):
        block = "".join(" " * level + "- \n" for level in range(0, 2 * levels, 2)).encode()
        assert len(block) < MAX_BYTES
        composed.clear()
        assert "nests too deeply" in only_problem(check_bytes(block))
        counts.append(len(composed))
    assert 0 < counts[0] == counts[1] <= sys.getrecursionlimit(), counts


def _with_peak_memory(work):
    """What ``work()`` returns, and the most memory it had allocated at once (bytes)."""
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _python_work(work):
    """What ``work()`` returns, and how many Python and built-in function calls it
    made: a measure of the work done that does not depend on the machine's speed."""
    calls = 0

    def count(_frame, event, _arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        result = work()
    finally:
        sys.setprofile(None)
    return result, calls


def _with_members(starter_text: str, count: int) -> str:
    members = "".join(f"    - {{id: m{i}, name: Person {i}, roles: [lookout], home: tovar}}\n"
                      for i in range(count))
    return starter_text.replace("  members:\n", "  members:\n" + members)


def _python_calls(text: str) -> int:
    """How many function calls checking ``text`` takes (:func:`_python_work`)."""
    result, calls = _python_work(lambda: check_bytes(text.encode(), "big.yaml"))
    assert result.ok, [str(p) for p in result.problems[:3]]
    return calls


def test_large_files_within_the_cap_are_read_with_work_in_proportion(starter_text, monkeypatch):
    """A file near the cap is read by libyaml (never the slow pure-Python composer), and
    the work grows in proportion to the file: four times the members cost at most about
    four times the calls, where a pass quadratic in the members would cost sixteen. (How
    long it takes is measured by benchmarks/scenario_read.py, not here.)"""
    import cpx.scenario.source as source

    slow = []

    class Watched(source._Composer):
        def __init__(self, *args, **kwargs):
            slow.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(source, "_Composer", Watched)
    text = _with_members(starter_text, 5_000)
    assert FAST_ABOVE < len(text) < MAX_BYTES
    result = check_bytes(text.encode(), "big.yaml")
    assert result.ok, [str(p) for p in result.problems[:3]]
    assert result.counts["members"] == 5_003
    assert not slow, "a large valid file must not fall back to the pure-Python composer"
    small, large = (_python_calls(_with_members(starter_text, n)) for n in (250, 1_000))
    assert large <= 4.5 * small, (small, large)


def test_bytes_over_the_cap_are_refused():
    assert "larger than" in only_problem(check_bytes(b" " * (MAX_BYTES + 1)))


def test_unknown_keys_everywhere_are_all_reported(starter_text):
    text = starter_text.replace("\n  title:", "\n  titel: x\n  title:").replace(
        "    codename: KESTREL\n", "    codename: KESTREL\n    reliabilty: B\n"
    )
    text = text.replace("region:\n", "objectivs: []\nnotes: hello\nregion:\n")
    result = check_bytes(text.encode(), "s.yaml")
    messages = sorted(f"{p.path}: {p.message}" for p in result.problems)
    assert messages == [
        "informants[0].reliabilty: unknown key 'reliabilty'; did you mean 'reliability'?",
        "meta.titel: unknown key 'titel'; did you mean 'title'?",
        "notes: unknown key 'notes'; allowed here: meta, region, network, informants, agencies, legal, "
            "military_police, internal_affairs, public_information, "
        "injects, library, objectives, cells",
        "objectivs: unknown key 'objectivs'; did you mean 'objectives'?",
    ]


def test_duplicate_key_is_reported_at_the_second(starter_text):
    text = starter_text.replace("  version: \"0.1\"\n", "  version: \"0.1\"\n  version: \"0.2\"\n")
    result = check_bytes(text.encode(), "s.yaml")
    assert [p.message for p in result.problems] == ["duplicate key 'version' (first given on line 16)"]
    assert result.problems[0].line == 17


def test_missing_file_and_folder(tmp_path):
    assert only_problem(check_file(tmp_path / "nope.yaml")) == "1:1: no such file"
    assert only_problem(check_file(tmp_path)) == "1:1: this is not a file"


def test_load_scenario_raises_a_cpx_error_listing_problems(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("meta: {}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    error = caught.value
    assert isinstance(error, CpxError)
    assert error.problems and all(p.file == str(path) for p in error.problems)
    assert str(error.problems[0]) in error.message
