"""The sample city: a deterministic, realistic city that shows the whole platform at work."""
