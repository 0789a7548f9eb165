"""Value normalisers, one per field type, precompiled and cached for speed.

Each takes the cell as read (str, or int/float/date from Excel and JSON) and returns the clean
value, or raises ``BadValue`` with a stable reason code and a Chinese explanation.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from xinyong.identifiers.normalize import normalize as normalize_identifier

#: How the catalog stores "long-term" (长期): 2099-12-31, the date department systems write for it.
LONG_TERM = date(2099, 12, 31)

#: Cells that mean "nothing here" in real exports.
NULLS = frozenset({"", "无", "空", "/", "-", "—", "--", "——", "null", "none", "n/a", "暂无", "无数据"})
NULL_CELLS = NULLS | {w.upper() for w in NULLS} | {w.title() for w in NULLS}
EDGES = frozenset(" \t\r\n\u3000\xa0\u200b\u200c\u200d\ufeff")
_LONG_TERM_WORDS = frozenset({"长期", "长期有效", "永久", "永久有效", "无期限"})

# Full-width letters and digits, ideographic and no-break spaces to their ASCII forms; zero-width
# characters dropped. Chinese punctuation (，（）) stays: it is correct in Chinese text.
_WIDTH = str.maketrans(
    {**{chr(0xFF10 + i): chr(0x30 + i) for i in range(10)},
     **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
     **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
     "\u3000": " ", "\xa0": " ", "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None}
)
_RUNS = re.compile(r"[ \t]+")
# Characters clean_text changes; most cells have none. A plain character class, with the other
# untidy things (two spaces, space at either end) looked for apart: sre scans for a class quickly,
# but with those as alternatives it tried each at every position of a row's long free text.
_UNTIDY = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\xa0\u200b-\u200d\ufeff\t\r]")
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:(?:\s+|T)\d{1,2}[:：]\d{1,2}(?:[:：]\d{1,2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{6})?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIALS = range(18264, 73051)  # Excel serial numbers of 1950-01-01 … 2099-12-31
_AMOUNT = re.compile(r"^(-?\d+(?:\.\d+)?)(万元|万|元|亿元|亿)?$")
_AMOUNT_NOISE = re.compile(r"[,，\s¥￥]|^人民币|^RMB", re.IGNORECASE)
_UNITS = {None: Decimal(1), "万元": Decimal(1), "万": Decimal(1), "元": Decimal("0.0001"),
          "亿元": Decimal(10000), "亿": Decimal(10000)}
_MICRO = Decimal("0.000001")
_CACHE_LIMIT = 200_000


class BadValue(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason, self.message = reason, message


def as_text(value: Any) -> str:
    """The cell as the department wrote it, for ``raw`` and for messages."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def jsonable(value: Any) -> Any:
    """A clean value in the form a record stores it: dates and amounts as text, codes as a list."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    return value


def is_null(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is not str:
        return False
    if value in NULL_CELLS:
        return True
    if not (value[0] in EDGES or value[-1] in EDGES):
        return False  # the common case: a value with nothing around it
    return value.strip().lower() in NULLS or not value.translate(_WIDTH).strip()


def clean_text(value: Any) -> str:
    text = value if type(value) is str else as_text(value)
    if not text or (_UNTIDY.search(text) is None and "  " not in text
                    and not text[0].isspace() and not text[-1].isspace()):
        return text
    text = text.translate(_WIDTH).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_RUNS.sub(" ", line).strip() for line in text.split("\n")).strip()


_dates: dict[str, date] = {}


def _parse_date(text: str) -> date:
    folded = unicodedata.normalize("NFKC", text).strip()
    if folded in _LONG_TERM_WORDS:
        return LONG_TERM
    match = _DATE.match(folded) or _COMPACT_DATE.match(folded)
    if match is None:
        if folded.isdigit() and int(folded) in _SERIALS:
            return _EXCEL_EPOCH + timedelta(days=int(folded))
        raise BadValue("bad_date", f"“{text}”不是可识别的日期"
                                   "（例如 2021-03-05、2021/3/5、2021年3月5日、20210305）")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise BadValue("bad_date", f"“{text}”不是真实存在的日期") from None


def clean_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        if number == value and number in _SERIALS:
            return _EXCEL_EPOCH + timedelta(days=number)
        value = as_text(value)
    text = str(value)
    found = _dates.get(text)
    if found is None:
        found = _parse_date(text)
        if len(_dates) >= _CACHE_LIMIT:
            _dates.clear()
        _dates[text] = found
    return found


def clean_amount(value: Any) -> Decimal:
    """Money in 万元: ``1.5``, ``1.5万元`` and ``15,000元`` all give ``Decimal('1.5')``."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount = Decimal(as_text(value))
    else:
        text = _AMOUNT_NOISE.sub("", unicodedata.normalize("NFKC", str(value)))
        match = _AMOUNT.match(text)
        if match is None:
            raise BadValue("bad_amount", f"“{value}”不是金额（应写作 1.5、1.5万元 或 15000元）")
        amount = Decimal(match[1]) * _UNITS[match[2]]
    if amount < 0:
        raise BadValue("bad_amount", f"“{value}”为负数，金额不能为负")
    amount = amount.quantize(_MICRO).normalize()  # 6 places: decimal(18,6) in the data standard
    return amount.quantize(Decimal(1)) if amount.as_tuple().exponent > 0 else amount  # 1E+2 → 100


def clean_integer(value: Any) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool) and int(value) == value:
        return int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().removesuffix("年度").removesuffix("年")
    try:
        return int(text)
    except ValueError:
        raise BadValue("bad_integer", f"“{value}”不是整数") from None


_identifiers: dict[str, str | None] = {}


def clean_identifier(value: Any) -> str | None:
    """A code as the identifiers package normalises it; all-zero placeholders mean none."""
    if type(value) is str:
        found = _identifiers.get(value, "")
        if found != "":
            return found
    if isinstance(value, float):
        if value >= 1e15:
            raise BadValue("identifier_lost_precision",
                           f"“{value:.0f}”被 Excel 存成了数字，末几位已丢失；请把该列设为文本后重新导出")
        value = as_text(value)
    code: str | None = normalize_identifier(as_text(value))
    code = code if code and code.strip("0X") else None
    if type(value) is str:
        if len(_identifiers) >= _CACHE_LIMIT:
            _identifiers.clear()
        _identifiers[value] = code
    return code
