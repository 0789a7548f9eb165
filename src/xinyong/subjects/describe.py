"""A subject's registry entry in the words the portal shows (基本信息)."""

from __future__ import annotations

from typing import Any

from xinyong.identifiers import PREFIXES, division_name
from xinyong.subjects.models import KIND_LABELS, Subject, SubjectKind

STATUS_LABELS = {"active": "存续", "cancelled": "注销", "revoked": "吊销"}
CATEGORY_LABELS = {p.category: p.type for p in reversed(PREFIXES.values())} | {
    "person": "自然人", "unknown": "未确定", "individual_business": "个体工商户", "enterprise": "企业"}


def shown_code(subject: Subject) -> str:
    """The code anyone may see: the USCC or old code; a person's ID number only masked."""
    return subject.id_masked or "" if subject.code_scheme == "citizen_id" else subject.code


def public_ref(subject: Subject) -> str:
    """How the subject's page is addressed: by its code, or by number for people and old codes."""
    return subject.code if subject.code_scheme == "uscc" else f"#{subject.id}"


def basic_information(subject: Subject) -> list[tuple[str, str]]:
    region = division_name(subject.region_code) if subject.region_code else None
    rows = [("名称" if subject.kind != SubjectKind.PERSON else "姓名", subject.name),
            ("统一社会信用代码" if subject.code_scheme == "uscc" else "代码/证件号码", shown_code(subject)),
            ("主体类型", KIND_LABELS[SubjectKind(subject.kind)]),
            ("机构类别", CATEGORY_LABELS.get(subject.category, subject.category))]
    if subject.kind != SubjectKind.PERSON:
        rows += [("法定代表人/负责人/经营者", subject.legal_rep or ""),
                 ("登记状态", STATUS_LABELS.get(subject.status, ""))]
        rows += [("成立日期", subject.registered_on.isoformat() if subject.registered_on else ""),
                 ("住所", subject.address or ""), ("登记机关所在地区", region or "")]
    return [(label, value) for label, value in rows if value]


def summary(subject: Subject) -> dict[str, Any]:
    return {"id": subject.id, "code": shown_code(subject), "name": subject.name, "kind": subject.kind,
            "kind_label": KIND_LABELS[SubjectKind(subject.kind)], "ref": public_ref(subject),
            "basic": [{"label": label, "value": value} for label, value in basic_information(subject)]}
