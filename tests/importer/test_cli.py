"""`planwatch parse` and `planwatch show`: exit codes and what a person sees."""

from __future__ import annotations

import json

from planwatch.importer.cli import main

PLAN = (
    "ПЛАН ЗАХОДІВ на 2025 рік\n\n\tНайменування заходу\n\tСтрок виконання\n\tВиконавці\n\n"
    "\t1.1 Завдання\n\t1) захід\n\t2025 рік\n\tвідділ освіти\n"
)


class CliTestCase:
    def test_parse_writes_plan_json_to_a_file(self, tmp_path):
        src = tmp_path / "plan.txt"
        src.write_text(PLAN, encoding="utf-8")
        out = tmp_path / "plan.json"
        assert main(["parse", str(src), "-o", str(out)]) == 0
        plan = json.loads(out.read_text(encoding="utf-8"))
        assert plan["format"] == "planwatch-plan/1"
        assert plan["source"]["name"] == "plan.txt"

    def test_parse_prints_to_standard_output_by_default(self, tmp_path, capsys):
        src = tmp_path / "plan.txt"
        src.write_text(PLAN, encoding="utf-8")
        assert main(["parse", str(src)]) == 0
        assert json.loads(capsys.readouterr().out)["nodes"][0]["number"] == "1.1"

    def test_show_prints_the_tree_with_counts(self, tmp_path, capsys):
        src = tmp_path / "plan.txt"
        src.write_text(PLAN, encoding="utf-8")
        assert main(["show", str(src)]) == 0
        out = capsys.readouterr().out
        assert "заходів: 1" in out
        assert "1.1 Завдання" in out and "1) захід" in out

    def test_bad_input_exits_2_with_one_line_naming_the_file(self, tmp_path, capsys):
        src = tmp_path / "empty.txt"
        src.write_bytes(b"")
        assert main(["parse", str(src)]) == 2
        err = capsys.readouterr().err.strip()
        assert "empty.txt" in err and "\n" not in err

    def test_a_missing_file_exits_2(self, tmp_path, capsys):
        assert main(["parse", str(tmp_path / "nope.docx")]) == 2
        assert "nope.docx" in capsys.readouterr().err
