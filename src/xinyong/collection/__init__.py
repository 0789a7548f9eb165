"""Collection (归集): reading department files and cleaning their rows against the catalog.

``readers.open_source`` streams rows from CSV, XLSX, XLS and JSON with the department's own row
numbers and headers matched to catalog fields; ``cleaning.RowCleaner`` turns each raw row into
cleaned values, the raw values, and the problems found.
"""
