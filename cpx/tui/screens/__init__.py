"""The play UI's screens and dialogs, one per module."""
