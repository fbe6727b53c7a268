"""Writing the MSEL: a scenario's injects as CSV (UTF-8 with BOM) or XLSX, every cell text.

Spreadsheets guess types: ``D2 14:00`` could become a date and ``1/2`` a fraction. The
CSV starts with a byte-order mark so Excel reads UTF-8, and every XLSX cell is written as
text (number format ``@``), so nothing is re-typed when the sheet is opened and saved.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

from cpx.errors import CpxError
from cpx.msel.cells import inject_cells
from cpx.msel.columns import COLUMNS

FORMATS = (".csv", ".xlsx")


def msel_rows(scenario: Any, notes: dict[str, str] | None = None) -> list[dict[str, str]]:
    """One row (column key -> text) per inject, in the scenario's order.

    ``notes`` are the comments above each inject in the file (:func:`cpx.msel.notes.file_notes`).
    """
    capabilities = {o.id: getattr(o, "capability", "") or "" for o in scenario.objectives}
    injects = [i.model_dump(mode="json", by_alias=True, exclude_none=True) for i in scenario.injects]
    rows = [inject_cells(inject, number, capabilities) for number, inject in enumerate(injects, 1)]
    for row in rows:
        row["notes"] = (notes or {}).get(row["id"], "")
    return rows


def csv_text(rows: list[dict[str, str]]) -> str:
    """The sheet as CSV text (no BOM; :func:`write_msel` adds it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, what Excel writes
    writer.writerow([column.header for column in COLUMNS])
    for row in rows:
        writer.writerow([_safe(row[column.key]) for column in COLUMNS])
    return out.getvalue()


def _safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula (a cell starting with = + - @)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not text[:2] == "- " else text


def xlsx_bytes(rows: list[dict[str, str]], title: str) -> bytes:
    """The sheet as an XLSX workbook: header row frozen and bold, text cells, wrapped."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "MSEL"
    sheet.append([column.header for column in COLUMNS])
    for row in rows:
        sheet.append([row[column.key] for column in COLUMNS])
    header_fill = PatternFill("solid", fgColor="EEF3F7")
    for n, column in enumerate(COLUMNS, 1):
        letter = get_column_letter(n)
        sheet.column_dimensions[letter].width = column.width
        head = sheet.cell(row=1, column=n)
        head.font = Font(bold=True)
        head.fill = header_fill
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.data_type = "s"  # text, whatever it looks like
            cell.number_format = "@"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    book.properties.title = title
    book.properties.creator = "cpx"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_msel(scenario: Any, path: str | Path, source: str | Path | None = None) -> int:
    """Write the MSEL of ``scenario`` (read from ``source``) to ``path`` (.csv or .xlsx).

    Returns the rows written. The comments above each inject in ``source`` become its notes.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise CpxError(f"{path}: write .csv or .xlsx", "MSEL format")
    from cpx.msel.notes import file_notes

    rows = msel_rows(scenario, file_notes(source) if source is not None else None)
    if suffix == ".csv":
        data = ("\ufeff" + csv_text(rows)).encode("utf-8")
    else:
        data = xlsx_bytes(rows, f"MSEL — {scenario.meta.title}")
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise CpxError(f"cannot write {path}: {error.strerror or error}", "MSEL") from None
    return len(rows)
