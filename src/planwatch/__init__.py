"""planwatch: child-welfare action plans of Ukrainian communities."""

__version__ = "0.1.0"
