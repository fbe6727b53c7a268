"""Scenario files: the pydantic models, the loader with located errors, the checks of meaning."""
