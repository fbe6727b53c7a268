"""``cpx key new FILE``: write a director's key for sealed journals (mode 0600).

An exercise run with the key (``cpx run --key FILE``, ``cpx play --key FILE``) seals its
journal; ``cpx replay LOG --verify --key FILE`` then proves the journal is the record of
that exercise (see :mod:`cpx.journal.seal` and ``docs/security.md``). Whoever holds the
key can seal journals: keep it where the trainees cannot read it.
"""

from __future__ import annotations

import argparse


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx key``."""
    actions = parser.add_subparsers(dest="key_action", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="write a new random key file (mode 0600)",
                             description="write a new random key file (mode 0600)")
    new.add_argument("file", metavar="FILE", help="the key file to create, e.g. director.key")
    new.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace) -> int:
    """Write the key; an existing file is kept unless ``--force``."""
    from cpx.journal.seal import new_key_file

    key = new_key_file(args.file, force=args.force)
    print(f"wrote {args.file} (key id {key.key_id}, mode 0600); keep it from the trainees.")
    print(f"seal an exercise:  cpx run SCENARIO --key {args.file}   or   cpx play --key {args.file}")
    print(f"prove a journal:   cpx replay LOG --verify --key {args.file}")
    return 0
