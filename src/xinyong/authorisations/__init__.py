"""Written authorisations (书面授权): a subject lets a named third party obtain its authorised report.

The subject grants one itself (uploading the signed document) or the credit office records a paper
one; each is an event, each use is registered in the query log, and the subject sees every use.
"""
