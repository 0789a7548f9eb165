"""Rendering a report: HTML from one template, PDF from that HTML with WeasyPrint and the Noto CJK
fonts (Debian ``fonts-noto-cjk``), and the QR code that opens the report's verification page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape

from xinyong.clock import CHINA
from xinyong.reports.content import ReportContent
from xinyong.reports.pdf_evidence import ATTACHMENT_NAME, PLACEHOLDER

TEMPLATES = Path(__file__).parent / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
_env.filters["beijing"] = lambda moment, pattern: moment.astimezone(CHINA).strftime(pattern)
_CSS = (TEMPLATES / "report.css").read_text(encoding="utf-8")


def qr_data_uri(url: str) -> str:
    """The verification URL as an SVG QR code (segno draws SVG without Pillow)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def render_html(content: ReportContent) -> str:
    return _env.get_template("report.html").render(r=content, css=_CSS, qr=qr_data_uri(content.verify_url))


def render_pdf(html: str, created: datetime) -> bytes:
    """The report as rendered, carrying a placeholder attachment the evidence later replaces."""
    # WeasyPrint takes a second to import (Pango, fonts): only the commands that make PDFs pay for it.
    from weasyprint import HTML, Attachment

    placeholder = Attachment(string=PLACEHOLDER, name=ATTACHMENT_NAME, description="存证证据包",
                             created=created, modified=created)
    return HTML(string=html).write_pdf(attachments=[placeholder])
