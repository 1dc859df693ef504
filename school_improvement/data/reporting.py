"""Import results in words: the labels of every importer's counts, and the plain-text
report the import commands print."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from school_improvement.data.services import ImportResult

COUNT_LABELS = {
    # GIAS
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
    # Ofsted
    "schools_in_file": "Schools in the file",
    "schools_outside_register": "Schools not in the register (skipped)",
    "inspections_in_file": "Inspections for schools in the register",
    "inspections_created": "Inspections added",
    "inspections_updated": "Inspections updated",
    "inspections_unchanged": "Inspections unchanged",
    "inspections_older_kept": "Inspections where a newer file's details were kept",
    # Indicators
    "data_rows": "Data rows read",
    "school_values": "School values for the register",
    "values_created": "School values added",
    "values_updated": "School values revised",
    "values_unchanged": "School values unchanged",
    "values_newer_release_kept": "School values kept (a later release is held)",
    "schools_not_in_register": "Schools not in the register (used for percentiles only)",
    "area_values_created": "LA and England values added",
    "area_values_updated": "LA and England values revised",
    "area_values_unchanged": "LA and England values unchanged",
    "percentile_groups": "Indicator-years with England percentiles",
    "rows_skipped": "Rows skipped (breakdowns, regions, terms)",
}


def count_rows(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(label, number) for each count, in the order of COUNT_LABELS, then the rest."""
    known = [
        (label, counts[key]) for key, label in COUNT_LABELS.items() if key in counts
    ]
    other = [(key, value) for key, value in counts.items() if key not in COUNT_LABELS]
    return known + other


def print_import_result(console: Console, file_name: str, result: ImportResult) -> None:
    """Print counts, then problems (with line and column) and warnings."""
    title = f"{file_name}: " + (
        "dry run, nothing written"
        if result.dry_run and result.succeeded
        else "imported"
        if result.succeeded
        else "REJECTED, nothing written"
    )
    table = Table(title=title, show_header=False)
    for label, number in count_rows(result.counts):
        table.add_row(label, f"{number:,}")
    if result.era:
        table.add_row("Column layout", result.era)
    if result.file_date:
        table.add_row("File date", result.file_date.strftime("%d-%m-%Y"))
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
    if len(result.warnings) > 50:
        console.print(f"... and {len(result.warnings) - 50} more warnings")
