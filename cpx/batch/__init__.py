"""Sweeps: many seeded headless runs of one scenario, on local processes or a Dask cluster.

A director checks how hard a scenario is before a class plays it: ``cpx sweep`` plays it
for a range of seeds under one or more *series* (a scripted policy, or an orders file),
scores every run, and streams one row per run into a SQLite results file
(:mod:`cpx.batch.store`) that a second call resumes. :mod:`cpx.batch.report` turns the
file into a self-contained HTML difficulty report.

Modules: :mod:`~cpx.batch.plan` (what to run, checked before anything runs),
:mod:`~cpx.batch.runner` (one run, in whatever process executes it),
:mod:`~cpx.batch.local` and :mod:`~cpx.batch.cluster` (where runs execute),
:mod:`~cpx.batch.sweep` (the loop that feeds the store and the progress bar).
"""
