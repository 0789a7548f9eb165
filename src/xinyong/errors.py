"""Errors that a user caused and can act on.

Anything raised as a ``UserError`` reaches the user as its message alone — on the command line
without a traceback, over HTTP as a 4xx answer with the message in its body.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input, named precisely: what was wrong and why."""

    status_code = 400

    def __init__(self, message: str, *, code: str = "bad_input") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotFound(UserError):
    status_code = 404

    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_found")


class Forbidden(UserError):
    status_code = 403

    def __init__(self, message: str) -> None:
        super().__init__(message, code="forbidden")


class Conflict(UserError):
    status_code = 409

    def __init__(self, message: str, *, code: str = "conflict") -> None:
        super().__init__(message, code=code)
