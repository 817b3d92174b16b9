"""`manage.py report`: writes the file; a bad plan, period or format is one clear line, exit 2."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command

from tests.plan_reports.base import ReportsTestCase


class ReportCommandTestCase(ReportsTestCase):
    def run_report(self, **options):
        out = Path(tempfile.mkdtemp()) / "report.bin"
        args = {"plan": self.mplan.pk, "period": "2025-Q3", "fmt": "xlsx", "output": str(out)}
        call_command("report", **{**args, **options}, date="2026-11-23", stdout=io.StringIO())
        return out

    def test_it_writes_each_format(self):
        for fmt, magic in (("xlsx", b"PK"), ("docx", b"PK"), ("pdf", b"%PDF")):
            with self.subTest(fmt):
                self.assertTrue(self.run_report(fmt=fmt).read_bytes().startswith(magic))

    def test_it_refuses_bad_input_with_exit_code_2(self):
        cases = [
            ({"plan": 99999}, "plan 99999"),
            ({"period": "2025-Q7"}, "bad period"),
            ({"fmt": "odt"}, "unknown format"),
        ]
        for options, message in cases:
            with self.subTest(message), self.assertRaises(CommandError) as caught:
                self.run_report(**options)
            self.assertIn(message, str(caught.exception))
            self.assertEqual(caught.exception.returncode, 2)
