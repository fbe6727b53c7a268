"""One module per ``cpx`` sub-command: ``add_parser(parser)`` and ``run(args) -> int``."""
