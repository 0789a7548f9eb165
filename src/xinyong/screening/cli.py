"""``xinyong screen``: screen a file of subjects as a department; ``xinyong screening work``: the worker's round.

The file is CSV (UTF-8, with or without BOM, GBK or GB18030) with a header naming some of
``name code id_number kind region legal_rep`` (or 名称 代码 证件号码 类型 地区 法定代表人), or JSON
lines with those keys. Results are written as CSV (one row per matched subject, or per query when
nothing matched) or as JSON lines (the API's answer per query).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any, TextIO

import typer
from pydantic import ValidationError
from sqlalchemy import select

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.collection.encoding import detect_encoding
from xinyong.errors import UserError
from xinyong.platform import Platform
from xinyong.screening.models import Screening, ScreeningResult
from xinyong.screening.service import SubjectQuery, screen
from xinyong.screening.worker import work_once

HEADERS = {"名称": "name", "姓名": "name", "主体名称": "name", "代码": "code", "统一社会信用代码": "code",
           "证件号码": "id_number", "身份证号码": "id_number", "类型": "kind", "地区": "region",
           "法定代表人": "legal_rep"}
FIELDS = set(SubjectQuery.model_fields) - {"exclude"}


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        yield number, json.loads(line)
                    except json.JSONDecodeError as error:
                        raise UserError(f"“{path.name}”第 {number} 行不是 JSON：{error.msg}") from None
        return
    with path.open(encoding=detect_encoding(path), newline="") as handle:
        reader = csv.reader(handle)
        header = [HEADERS.get(h.strip(), h.strip().lower()) for h in next(reader, [])]
        unknown = [h for h in header if h and h not in FIELDS]
        if unknown or not header:
            raise UserError(f"“{path.name}”的表头有无法识别的列：{'、'.join(unknown) or '（空）'}；"
                            f"可用：{'、'.join(sorted(FIELDS))} 或 名称、代码、证件号码、类型、地区、法定代表人")
        for number, cells in enumerate(reader, 2):
            if any(c.strip() for c in cells):
                yield number, {k: c.strip() for k, c in zip(header, cells, strict=False) if k and c.strip()}


def read_queries(path: Path) -> list[SubjectQuery]:
    queries, problems = [], []
    for number, row in _rows(path):
        try:
            queries.append(SubjectQuery(**{k: v for k, v in row.items() if k in FIELDS}))
        except ValidationError as error:
            problems.append(f"第 {number} 行：{error.errors()[0]['msg']}")
    if problems:
        raise UserError(f"“{path.name}”有 {len(problems)} 行无效：" + "；".join(problems[:10]))
    return queries


def write_results(platform: Platform, screening_ids: list[int], out: TextIO, as_jsonl: bool) -> int:
    writer = None if as_jsonl else csv.writer(out)
    if writer:
        writer.writerow(["序号", "查询名称", "查询代码", "结论", "匹配主体", "主体代码", "得分", "名单", "措施",
                         "法律依据"])
    count = 0
    with platform.db.session() as session:
        for screening_id in screening_ids:
            start = count
            for r in session.scalars(select(ScreeningResult).where(ScreeningResult.screening_id == screening_id)
                                     .order_by(ScreeningResult.position)):
                count += 1
                if writer is None:
                    out.write(json.dumps({"position": start + r.position, "query": r.query, **r.answer},
                                         ensure_ascii=False) + "\n")
                    continue
                for match in r.answer["matches"] or [None]:
                    subject = match["subject"] if match else {}
                    measures = match["measures"] if match else []
                    writer.writerow([start + r.position, r.query.get("name", ""), r.query.get("code", ""),
                                     r.answer["outcome_label"], subject.get("name", ""), subject.get("code", ""),
                                     match["score"] if match else "",
                                     "；".join([e["list_name"] for e in match["entries"]] if match else []
                                              + [f"待审核：{x['list_name']}（{x['document_no'] or x['name']}）"
                                                 for x in r.answer.get("pending_listings", [])]),
                                     "；".join(f"{m['id']}：{m['content']}" for m in measures),
                                     "；".join("、".join(m["legal_basis"]) for m in measures)])
    return count


def register(app: typer.Typer) -> None:
    @app.command("screen")
    def screen_file(
        file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV or JSON lines of subjects."),
        scenario: str = typer.Option(..., "--scenario", help="Scenario code, e.g. government_procurement."),
        department: str = typer.Option(..., "--department", help="Code of the department that asks."),
        matter: str = typer.Option("批量核查", "--matter", help="The matter the screening is for (办理事项)."),
        out: Path = typer.Option(None, "--out", help="Write here (.csv or .jsonl); default: standard output."),
        as_jsonl: bool = typer.Option(False, "--jsonl", help="JSON lines instead of CSV (also by --out suffix)."),
    ) -> None:
        """Screen every subject in FILE for a scenario, as the department would through the API."""
        queries = read_queries(file)
        with Platform.open() as platform:
            name = platform.catalog.department(department.upper()).name
            viewer = Viewer(Audience.DEPARTMENT, username=f"cli:{department.lower()}", display_name=name,
                            department_code=department.upper())
            size = platform.settings.screening_batch_max
            ids = [screen(platform, viewer, scenario, matter, queries[i:i + size])
                   for i in range(0, len(queries), size)]
            jsonl = as_jsonl or (out is not None and out.suffix.lower() in (".jsonl", ".json"))
            with (out.open("w", encoding="utf-8" if jsonl else "utf-8-sig", newline="")
                  if out else nullcontext(sys.stdout)) as handle:
                count = write_results(platform, ids, handle, jsonl)
            with platform.db.session() as session:
                hits = sum(session.get_one(Screening, i).with_measures for i in ids)
        typer.echo(f"已核查 {count} 个主体，其中 {hits} 个适用措施；核查记录 {', '.join(map(str, ids))}", err=True)

    screening_app = typer.Typer(help="联合奖惩核查：后台作业。", no_args_is_help=True)

    @screening_app.command("work")
    def work() -> None:
        """One round: follow list changes, run waiting screening jobs, send due webhooks (for cron)."""
        with Platform.open() as platform:
            done = work_once(platform)
        typer.echo(f"名单变动 {done.list_changes}，作业 {done.jobs}，已送达通知 {done.delivered}")

    app.add_typer(screening_app, name="screening")
