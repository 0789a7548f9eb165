"""Credit report generation for a subject with many records, against WeasyPrint rendering a fixed
one-page document in the same run.

    .venv/bin/python bench/report_bench.py [RECORDS] [--runs N] [--database-url URL]

Sets up one firm with RECORDS records (行政处罚 sent through the real pipeline, plus one record of
each list item) on a fresh database (SQLite in ``bench/out/`` unless a URL is given), then times,
interleaved run by run so that the machine's load hits all alike:

- reference: WeasyPrint turning a fixed one-page HTML document (a Chinese table) into PDF bytes;
- ours, HTML: ``issue_report`` of the subject's own report as HTML (policy, archive, layout,
  template, the record and its event);
- ours, PDF: the same as PDF (plus WeasyPrint, sealing the event in the same unit of work, the
  evidence bundle and its incremental update).

Prints p50 and p95 of each, the PDF's pages and size, and the ratio of each p50 to the reference's.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.clock import CHINA, FrozenClock
from xinyong.collection.pipeline import Submission, ingest_file
from xinyong.platform import Platform
from xinyong.reports.service import ReportRequest, issue_report
from xinyong.settings import Settings
from xinyong.subjects.lookup import get_subject
from xinyong.subjects.person_ids import PersonIdVault

OUT = Path(__file__).parent / "out"
FIRM, NAME = "91350100M000100Y43", "珠海市䶮华龑腾科技有限公司"
HEADER = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "行政处罚决定书文号", "违法行为类型",
          "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）", "处罚决定日期", "处罚机关",
          "处罚机关统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码", "当前状态"]
STHJJ = ("珠海市生态环境局", "11440400081945785C")
ONE_PAGE = ("<html lang='zh-CN'><body style=\"font-family: 'Noto Sans CJK SC'\"><h1>公共信用信息报告（参照页）</h1>"
            "<table border='1'>" + "".join(f"<tr><td>第 {i} 行</td><td>珠海市生态环境局</td><td>罚款 {i} 万元</td></tr>"
                                           for i in range(25)) + "</table></body></html>")


def _setup(url: str, records: int, now: date, folder: Path) -> Platform:
    settings = Settings(database_url=url, secret_dir=folder / "secrets")
    platform = Platform.open(settings, clock=FrozenClock(datetime.combine(now, time(9, 30), CHINA)))
    path = folder / "penalties.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(records):
            day = now - timedelta(days=1 + number % 300)
            writer.writerow([NAME, "法人及非法人组织", FIRM, "刘䶮", f"珠环罚〔{day.year}〕{number + 1}号",
                             "超标排放大气污染物", f"经查，当事人于{day}超标排放大气污染物。",
                             "《中华人民共和国大气污染防治法》第九十九条", "罚款", f"罚款{number % 20 + 1}万元",
                             str(number % 20 + 1), day.isoformat(), *STHJJ, *STHJJ, "有效"])
    ingest_file(platform, path, Submission("STHJJ", "administrative_penalty", "cli", "bench", path.name))
    return platform


def _timed(action: Callable[[], object]) -> float:
    start = perf_counter()
    action()
    return perf_counter() - start


def _pages(pdf: bytes) -> str:
    """The page count as poppler reads it (page objects sit in compressed object streams)."""
    if shutil.which("pdfinfo") is None:
        return "?"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True, check=False).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def _line(name: str, samples: list[float], reference: float | None) -> str:
    p50, p95 = statistics.median(samples), sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]
    ratio = f"; p50/reference = {p50 / reference:.1f}×" if reference else ""
    return f"{name:<22} p50 {p50 * 1000:8.1f} ms  p95 {p95 * 1000:8.1f} ms{ratio}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("records", type=int, nargs="?", default=200)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database-url", default=None, help="an empty database (default: SQLite in bench/out)")
    args = parser.parse_args(argv)
    from weasyprint import HTML

    folder = Path(tempfile.mkdtemp(prefix="report_bench_"))
    database = OUT / "report_bench.db"
    if args.database_url is None:
        OUT.mkdir(exist_ok=True)
        database.unlink(missing_ok=True)
    platform = _setup(args.database_url or f"sqlite:///{database}", args.records, date(2026, 11, 23), folder)
    with platform.db.session() as session:
        subject_id = get_subject(session, PersonIdVault(platform.keys), FIRM).id
    own = Viewer(Audience.SUBJECT, username="bench", display_name="本企业", subject_id=subject_id)
    times: dict[str, list[float]] = {"reference": [], "html": [], "pdf": []}
    pdf = b""
    HTML(string=ONE_PAGE).write_pdf()  # load the fonts once, for all alike
    for _ in range(args.runs):
        times["reference"].append(_timed(lambda: HTML(string=ONE_PAGE).write_pdf()))
        times["html"].append(_timed(lambda: issue_report(platform, own, ReportRequest(FIRM, Audience.SUBJECT,
                                                                                     format="html"))))
        start = perf_counter()
        pdf = issue_report(platform, own, ReportRequest(FIRM, Audience.SUBJECT)).content
        times["pdf"].append(perf_counter() - start)
    pages = _pages(pdf)
    print(f"subject with {args.records} records on {platform.db.backend}; {args.runs} runs of each, interleaved")
    reference = statistics.median(times["reference"])
    print(_line("reference (1 page)", times["reference"], None))
    print(_line("ours, HTML", times["html"], reference))
    print(_line(f"ours, PDF ({pages} pages)", times["pdf"], reference))
    per_page = f"{statistics.median(times['pdf']) / int(pages) * 1000:.1f} ms" if pages.isdigit() else "?"
    print(f"PDF size {len(pdf):,} bytes; per page {per_page} against {reference * 1000:.1f} ms for the reference page")
    platform.close()
    shutil.rmtree(folder)
    if args.database_url is None:
        database.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
