"""Credit records: every value with its source (DESIGN.md, spine 2).

A record is one decision or fact about one subject — a penalty, a licence, a listing — as a
department supplied it. Each submission that changes it adds a version; nothing is overwritten.
"""
