"""Reading the multipart forms the objection and repair doors take (API and portal alike)."""

from __future__ import annotations

import json

from starlette.datastructures import FormData, UploadFile

from xinyong.errors import UserError
from xinyong.workflows.attachments import Upload

_TRUE = {"1", "true", "yes", "on", "是"}


def text(form: FormData, name: str, *, required: bool = False, label: str = "") -> str:
    value = form.get(name)
    value = value if isinstance(value, str) else ""
    if required and not value.strip():
        raise UserError(f"缺少{label or name}（表单字段 {name}）")
    return value


def number(form: FormData, name: str, label: str) -> int:
    value = text(form, name, required=True, label=label).strip()
    if not value.isdigit():
        raise UserError(f"{label}“{value}”应为数字")
    return int(value)


def flag(form: FormData, name: str) -> bool:
    return text(form, name).strip().lower() in _TRUE


def mapping(form: FormData, name: str, label: str) -> dict[str, str]:
    """A JSON object of field → value (API), the form's ``<name>.<field>`` inputs, or one pair of
    ``<name>_field`` and ``<name>_value`` (portal)."""
    found = {key.split(".", 1)[1]: value for key, value in form.multi_items()
             if key.startswith(f"{name}.") and isinstance(value, str) and value.strip()}
    field, value = text(form, f"{name}_field").strip(), text(form, f"{name}_value").strip()
    if field and value:
        found[field] = value
    raw = text(form, name).strip()
    if raw:
        try:
            parsed = json.loads(raw)
        except json.JSONDecodeError:
            raise UserError(f"{label}应为 JSON 对象，如 {{\"CF_NR_FK\": \"0.5\"}}") from None
        if not isinstance(parsed, dict) or not all(isinstance(v, str | int | float) for v in parsed.values()):
            raise UserError(f"{label}应为“字段: 值”的 JSON 对象")
        found |= {str(k): str(v) for k, v in parsed.items()}
    return found


async def uploads(form: FormData, names: dict[str, str]) -> list[Upload]:
    """Files of each form field in ``names`` (field name → material code); empty file inputs skipped."""
    found = []
    for field, material in names.items():
        for item in form.getlist(field):
            if isinstance(item, UploadFile) and item.filename:
                found.append(Upload(material, item.filename, item.content_type or "application/octet-stream",
                                    await item.read()))
    return found
