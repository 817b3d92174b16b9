"""`planwatch parse FILE [-o OUT.json]` and `planwatch show FILE`: the importer without a database."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator

from planwatch.importer.errors import PlanImportError
from planwatch.importer.pipeline import parse_file
from planwatch.importer.walk import count_warnings, iter_measures

FORMATS = ("text", "tsv", "docx", "xlsx", "csv", "markdown", "json", "pdf")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        plan = parse_file(args.file, fmt=args.format)
    except PlanImportError as exc:
        print(f"planwatch: {exc}", file=sys.stderr)
        return 2
    except (MemoryError, RecursionError) as exc:
        print(
            f"planwatch: {args.file}: the document is too large or too deep ({type(exc).__name__})",
            file=sys.stderr,
        )
        return 2
    if args.command == "parse":
        return _write(plan, args.output)
    try:
        for line in render(plan, verbose=args.verbose):
            print(line)
    except BrokenPipeError:  # `planwatch show plan.docx | head` is a normal way to look
        sys.stderr.close()
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="planwatch", description="Import child-welfare action plans.")
    sub = p.add_subparsers(dest="command", required=True)
    for name, help_ in (
        ("parse", "write the plan as planwatch-plan/1 JSON"),
        ("show", "print the plan as a readable tree, for checking an import"),
    ):
        s = sub.add_parser(name, help=help_)
        s.add_argument("file")
        s.add_argument("--format", choices=FORMATS, help="force a reader instead of detecting it")
        if name == "parse":
            s.add_argument("-o", "--output", help="output file (default: standard output)")
        else:
            s.add_argument("-v", "--verbose", action="store_true", help="print every cell")
    return p


def _write(plan: dict, output: str | None) -> int:
    text = json.dumps(plan, ensure_ascii=False, indent=1)
    if output:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    return 0


def render(plan: dict, verbose: bool = False) -> Iterator[str]:
    """The tree with counts, each measure's cells and normalized values, then every warning."""
    measures = list(iter_measures(plan))
    yield plan.get("title") or "(no title)"
    approval = plan.get("approval") or {}
    if approval.get("text") or approval.get("date"):
        yield (
            f"  затверджено: {approval.get('text', '')} {approval.get('date') or ''} "
            f"№ {approval.get('number') or '—'}"
        )
    period = plan.get("period") or {}
    yield (
        f"  період: {period.get('start', '?')}–{period.get('end', '?')}; "
        f"колонки: {', '.join(plan.get('columns', []))}"
    )
    yield f"  заходів: {len(measures)}; попереджень: {count_warnings(plan)}"
    yield ""
    for node in plan.get("nodes", []):
        yield from _render_node(node, 0, verbose)
    for m in plan.get("measures", []):
        yield from _render_measure(m, 1, verbose)
    yield from _render_warnings(plan)


def _render_node(node: dict, depth: int, verbose: bool) -> Iterator[str]:
    pad = "  " * depth
    count = sum(1 for _ in iter_measures({"nodes": [node]}))
    yield f"{pad}{node.get('number') or '·'} {_short(node.get('title', ''), 90)}  [{node.get('kind')}, {count}]"
    for m in node.get("measures", []):
        yield from _render_measure(m, depth + 1, verbose)
    for child in node.get("children", []):
        yield from _render_node(child, depth + 1, verbose)


def _render_measure(m: dict, depth: int, verbose: bool) -> Iterator[str]:
    pad = "  " * depth
    lines = m.get("lines") or []
    where = f"  (рядки {lines[0]}–{lines[-1]})" if lines else ""
    yield f"{pad}{m.get('number') or '–'} {_short(m.get('text', ''), 100 if not verbose else 10_000)}{where}"
    for field, label in (
        ("deadline", "строк"),
        ("funding", "фінансування"),
        ("executors", "виконавці"),
        ("indicator", "індикатор"),
    ):
        text = (m.get(field) or {}).get("text", "")
        if text:
            yield f"{pad}    {label}: {_short(text, 100 if not verbose else 10_000)}"
    for line in _normalized_lines(m):
        yield f"{pad}    = {line}"
    for w in m.get("warnings", []):
        yield f"{pad}    ! {w if isinstance(w, str) else w.get('message')}"


def _normalized_lines(m: dict) -> list[str]:
    try:
        from planwatch.importer.normalize import format_normalized
    except ImportError:
        return []
    return format_normalized(m)


def _render_warnings(plan: dict) -> Iterator[str]:
    warnings = plan.get("warnings", [])
    if warnings:
        yield ""
        yield "Попередження:"
        for w in warnings:
            line = w.get("line")
            yield f"  {'рядок ' + str(line) + ': ' if line else ''}{w.get('message')}"


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
