"""Reading an MSEL sheet (CSV or XLSX): its header, and each row's cells with their place.

Columns are found by their header (the cpx names, or common names from other MSEL
templates), so a team may reorder them or add its own; rows that are entirely empty are
skipped. Every cell comes back as text with its row number and column letter.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from cpx.errors import CpxError
from cpx.msel.columns import COLUMNS


@dataclass
class SheetRow:
    """One row of the sheet: its number (1 is the header) and its cells by column key."""

    number: int
    cells: dict[str, str]


@dataclass
class Sheet:
    """The rows of a sheet and where each known column is (its letter)."""

    name: str
    letters: dict[str, str]
    """Column key -> column letter."""
    rows: list[SheetRow]
    problems: list[tuple[int, str, str]]
    """(row, column letter, message) found while reading (a date where text was expected …)."""


def letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


def read_sheet(path: str | Path) -> Sheet:
    """Read ``path`` (.csv or .xlsx); raises :class:`CpxError` when it cannot be read at all."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            table, problems = _csv_table(path.read_bytes()), []
        elif suffix in (".xlsx", ".xlsm"):
            table, problems = _xlsx_table(path)
        else:
            raise CpxError(f"{path}: read .csv or .xlsx", "MSEL format")
    except OSError as error:
        raise CpxError(f"cannot read {path}: {error.strerror or error}", "MSEL") from None
    if not table:
        raise CpxError(f"{path}:1:A: the sheet is empty; its first row must be the column headers", "MSEL")
    return _sheet(str(path), table, problems)


def _csv_table(raw: bytes) -> list[list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" (not "CSV UTF-8") on Windows
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # Excel writes ';' where ',' is the decimal mark
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [[_unguarded(cell) for cell in row] for row in rows]


def _unguarded(cell: str) -> str:
    """A cell without the quote export puts before text a spreadsheet would run as a formula."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


def _xlsx_table(path: Path) -> tuple[list[list[str]], list[tuple[int, str, str]]]:
    import datetime

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise CpxError(f"{path}: not a readable .xlsx workbook ({type(error).__name__})", "MSEL") from None
    sheet = book["MSEL"] if "MSEL" in book.sheetnames else book.worksheets[0]
    table: list[list[str]] = []
    problems = []
    for r, values in enumerate(sheet.iter_rows(values_only=True), 1):
        row = []
        for c, value in enumerate(values):
            if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
                problems.append((r, letter(c), f"the spreadsheet turned this cell into a date ({value}); "
                                               "format the column as text and write e.g. 'D2 14:00'"))
                value = ""
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            row.append("" if value is None else str(value))
        table.append(row)
    book.close()
    return table, problems


def _sheet(name: str, table: list[list[str]], problems: list[tuple[int, str, str]]) -> Sheet:
    header = [" ".join(cell.replace("\ufeff", "").split()).lower() for cell in table[0]]
    letters: dict[str, str] = {}
    keys: dict[int, str] = {}
    for index, title in enumerate(header):
        for column in COLUMNS:
            if column.key in letters:
                continue
            if title == column.header.lower() or title in column.aliases:
                letters[column.key] = letter(index)
                keys[index] = column.key
                break
    missing = [c.header for c in COLUMNS if c.key in ("time", "text") and c.key not in letters]
    if missing:
        raise CpxError(f"{name}:1:A: no column {' or '.join(repr(m) for m in missing)} in the header row; "
                       f"the headers are: {', '.join(c.header for c in COLUMNS)}", "MSEL")
    rows = []
    for number, values in enumerate(table[1:], 2):
        if not any(v.strip() for v in values):
            continue
        cells = {key: (values[index] if index < len(values) else "") for index, key in keys.items()}
        rows.append(SheetRow(number, cells))
    return Sheet(name, letters, rows, problems)
