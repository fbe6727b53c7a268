"""The MSEL (master scenario events list) as a spreadsheet: export and import.

``cpx msel export`` writes a scenario's injects as the HSEEP MSEL a planning team keeps
(:mod:`cpx.msel.columns` defines the columns once), to CSV or XLSX
(:mod:`cpx.msel.export`). ``cpx msel import`` reads such a sheet (:mod:`cpx.msel.sheet`),
turns each row back into an inject and writes a new scenario with them
(:mod:`cpx.msel.importer`), every problem located as ``FILE:ROW:COLUMN: message``.
"""
