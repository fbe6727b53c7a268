"""A cache of scenario files already read and checked, for scoring a journal quickly.

Scoring must load the very scenario a journal was written from, and reading a scenario
file (the located YAML parse and the checks of meaning) costs far more than scoring a
five-day log. Once a file has been read and found to hash to a journal's digest, its
models are kept as canonical JSON, keyed by the file's bytes and by the source of the
scenario package (a change of the models or the checks invalidates every entry). On the
next score the entry is validated again by the models and its digest recomputed: it is
used only if it is exactly the world the journal records — the guarantee of the slow
path — and anything else falls back to reading the file.

Entries live in ``$XDG_CACHE_HOME/cpx/scenarios`` (``~/.cache/cpx/scenarios``), or beside
``$CPX_CACHE_DIR`` as ``$CPX_CACHE_DIR.scenarios`` when that is set.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from cpx.scenario.loader import digest
from cpx.scenario.models import Scenario


def cache_dir() -> Path:
    """Where the entries are kept: beside the verified-journal notes, never among them."""
    explicit = os.environ.get("CPX_CACHE_DIR")
    if explicit:
        folder = Path(explicit)
        return folder.parent / f"{folder.name}.scenarios"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cpx" / "scenarios"


@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """The source of the scenario package: what decides how a file reads."""
    folder = Path(__file__).resolve().parent.parent / "scenario"
    h = hashlib.sha256()
    for source in sorted(folder.glob("*.py")):
        h.update(source.name.encode() + b"\0" + source.read_bytes())
    return h.digest()


def _key(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return hashlib.sha256(_code_fingerprint() + raw).hexdigest()


def cached(path: Path, expected_digest: str) -> Scenario | None:
    """The scenario of ``path`` if an entry holds exactly the world of ``expected_digest``."""
    key = _key(path)
    if key is None:
        return None
    try:
        text = (cache_dir() / f"{key}.json").read_text(encoding="utf-8")
        scenario = Scenario.model_validate_json(text)
    except (OSError, ValueError):
        return None  # no entry, or one that no longer reads: read the file instead
    return scenario if digest(scenario) == expected_digest else None


def remember(path: Path, scenario: Scenario) -> None:
    """Keep the scenario read from ``path`` (best effort: a read-only home keeps nothing)."""
    key = _key(path)
    if key is None:
        return
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        text = scenario.model_dump_json(by_alias=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".entry-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temp, folder / f"{key}.json")
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
