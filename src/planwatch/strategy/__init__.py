"""Alignment with the national Strategy: reference, crosswalk, coverage, similar measures."""
