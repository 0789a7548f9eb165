"""The platform's log: ID numbers of people never reach it.

Every handler carries ``RedactIdNumbers``, which masks anything in a log line that has the shape
of a citizen ID — 18 characters whose check character is right, or a legacy 15-digit number with
a date inside. Masking a few registration numbers along the way is the price of never leaking one.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from xinyong.identifiers import citizen_id_check_char, mask

_ID18 = re.compile(r"(?<![0-9A-Za-z])(\d{17})([\dXx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\d{3})(?![0-9A-Za-z])")


def redact(text: str) -> str:
    def id18(match: re.Match[str]) -> str:
        whole = match.group(0)
        return mask(whole.upper()) if citizen_id_check_char(match.group(1)) == match.group(2).upper() else whole

    text = _ID18.sub(id18, text)
    return _ID15.sub(lambda m: m.group(0)[:4] + "*" * 7 + m.group(0)[-4:], text)


class RedactIdNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def logging_config(level: str) -> dict[str, Any]:
    """A ``dictConfig`` for the platform and uvicorn with redaction on every handler."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact": {"()": RedactIdNumbers}},
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
        "loggers": {
            "uvicorn": {"handlers": ["console"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": ["console"], "level": level, "propagate": False},
            # WeasyPrint narrates every step of every PDF at INFO: only its warnings matter here.
            "weasyprint.progress": {"level": "WARNING"},
        },
        "root": {"handlers": ["console"], "level": level},
    }
