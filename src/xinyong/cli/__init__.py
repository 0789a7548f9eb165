"""The ``xinyong`` command line."""
