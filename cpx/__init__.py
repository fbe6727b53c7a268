"""cpx — a command-post exercise simulator for operations against human trafficking."""

__version__ = "0.1.0"
