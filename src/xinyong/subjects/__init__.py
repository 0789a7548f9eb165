"""Subjects: the registry of businesses, organisations and people, keyed by validated codes."""
