"""Plain-text rendering of an import result for the command line."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from school_improvement.schools.services import GiasImportResult

COUNT_LABELS = {
    "rows": "Rows for the area",
    "created": "Created",
    "updated": "Updated",
    "unchanged": "Unchanged",
    "closed": "Closed since last import",
    "rejected": "Rejected rows",
    "skipped_outside_area": "Outside the chosen LAs (skipped)",
    "new_headteachers": "New headteachers",
    "links_in_file": "Links in file",
    "links_created": "Links created",
    "links_updated": "Links updated",
    "links_removed": "Links removed",
    "links_unchanged": "Links unchanged",
}


def print_import_result(
    console: Console, file_name: str, result: GiasImportResult
) -> None:
    """Print counts, then problems (with line and column) and warnings."""
    title = f"{file_name}: " + (
        "dry run, nothing written"
        if result.dry_run and result.succeeded
        else "imported"
        if result.succeeded
        else "REJECTED, nothing written"
    )
    table = Table(title=title, show_header=False)
    for key, label in COUNT_LABELS.items():
        if key in result.counts:
            table.add_row(label, f"{result.counts[key]:,}")
    if result.era:
        table.add_row("Column layout", result.era)
    if result.file_date:
        table.add_row("Extract date", result.file_date.strftime("%d-%m-%Y"))
    if result.run is not None:
        table.add_row(
            "Import run", f"#{result.run.pk} ({result.run.duration_seconds:.1f} s)"
        )
    console.print(table)
    for problem in result.problems[:200]:
        console.print(f"[red]error[/red] {problem}", markup=True, highlight=False)
    if len(result.problems) > 200:
        console.print(f"... and {len(result.problems) - 200} more errors")
    for warning in result.warnings[:50]:
        console.print(
            f"[yellow]warning[/yellow] {warning}", markup=True, highlight=False
        )
