"""The importer's own error: a message a person can act on, naming the file and the place."""

from __future__ import annotations


class PlanImportError(Exception):
    """Raised for any input the importer cannot turn into a plan. Never a traceback for users."""

    def __init__(self, message: str, *, source: str = "", line: int | None = None):
        self.message = message
        self.source = source
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source or "input"
        if self.line is not None:
            where = f"{where}, line {self.line}"
        return f"{where}: {self.message}"
