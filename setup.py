"""Build hook: a plain pure-Python install, or with ``CPX_COMPILE=1`` the engine compiled.

``CPX_COMPILE=1 pip install .`` compiles the modules ``[tool.mypy] files`` names in
pyproject.toml (the engine's run path and the scoring a sweep run does) with mypyc into C
extensions: the same code, the same journals byte for byte, about half the CPU a run
(docs/performance.md). It needs a C compiler and takes a few minutes; everything else
about cpx is the same. Without the variable nothing is compiled and the metadata comes
from pyproject.toml alone.
"""

import os
import sys
import tomllib
from pathlib import Path

from setuptools import setup


LINUX_FLAGS = ["-fno-semantic-interposition", "-fno-plt"]
"""mypyc's functions are global symbols of one shared library; built with ``-fPIC`` the
compiler must assume another library could replace any of them (ELF interposition), so it
calls each through the PLT and inlines none into another. Nothing interposes them: with
these flags calls are direct and small functions inline (1.8 % fewer instructions a run,
docs/performance.md), as CPython's own build does with the first flag."""


def compiled_modules() -> list[str]:
    """The source files pyproject's ``[tool.mypy] files`` names, packages expanded."""
    root = Path(__file__).parent
    names = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["mypy"]["files"]
    paths: list[str] = []
    for name in names:
        path = root / name
        found = sorted(path.glob("*.py")) if path.is_dir() else [path]
        # a package's __init__ stays Python: it only re-exports
        paths += [str(p.relative_to(root)) for p in found if p.name != "__init__.py"]
    return paths


def compile_requires() -> list[str]:
    """What a compiled build needs installed first: mypy (it brings mypyc) and cpx's own
    dependencies, so that mypy sees the same types in pip's build environment as in a
    developer's (without numpy or SimPy there, their types would all be Any)."""
    project = tomllib.loads((Path(__file__).parent / "pyproject.toml").read_text("utf-8"))["project"]
    return ["mypy>=1.11", *project["dependencies"]]


def main() -> None:
    if os.environ.get("CPX_COMPILE") != "1":
        setup()
        return
    try:
        from mypyc.build import mypycify
    except ImportError:
        # pip first asks setuptools what the build needs (setup_requires), installs it in
        # the build environment, then runs this again to build
        setup(setup_requires=compile_requires())
        return
    extensions = mypycify(compiled_modules(), opt_level=os.environ.get("MYPYC_OPT_LEVEL", "3"))
    if sys.platform.startswith("linux"):  # GCC and Clang there; other compilers may refuse the flags
        for extension in extensions:
            extension.extra_compile_args = [*extension.extra_compile_args, *LINUX_FLAGS]
    setup(ext_modules=extensions)


if __name__ == "__main__":  # as pip's build backend runs it; tests import compiled_modules
    main()
