"""The portal's workflow pages: the subject's own (apply, follow, download), each case's page with
the step its viewer may take, and the outbox page of every account."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.clock import CHINA
from xinyong.disclosure import DisclosurePolicy
from xinyong.errors import NotFound
from xinyong.platform import Platform
from xinyong.records.archive import load_archive
from xinyong.records.models import Record
from xinyong.subjects.models import Subject
from xinyong.web.auth import current_viewer, page_access
from xinyong.web.csrf import check_csrf
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render, templates
from xinyong.workflows import attachments, commitments, objections, outbox, repairs
from xinyong.workflows.cases_api import objection_input, repair_input
from xinyong.workflows.rules import workflow_rules
from xinyong.workflows.steps import STEP_LABELS, timeline

router = APIRouter(include_in_schema=False)
templates.env.globals["tz"] = CHINA
templates.env.globals["step_labels"] = STEP_LABELS


@router.get("/workflows/mine", response_class=HTMLResponse)
def mine(request: Request, viewer: Viewer = Depends(current_viewer), session: Session = Depends(get_session),
         platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.SUBJECT):
        return redirect
    subject = session.get_one(Subject, viewer.subject_id)
    today = platform.clock.today()
    archive = load_archive(session, platform.catalog, DisclosurePolicy(platform.catalog), viewer, subject, today)
    entries = [e for tab in archive.tabs for e in tab.entries if e.status == "approved"]
    records = {r.id: r for r in session.scalars(select(Record).where(Record.id.in_([e.record_id for e in entries])))}
    eligibility = {e.record_id: repairs.eligibility_of(session, platform, records[e.record_id]) for e in entries
                   if e.item.item_class.value == "dishonest"}
    return render(request, "workflows/mine.html", subject=subject, entries=entries, eligibility=eligibility,
                  objections=objections.visible_objections(session, viewer),
                  repairs=repairs.visible_applications(session, viewer),
                  commitments=commitments.visible_commitments(session, viewer),
                  objection_labels=objections.STATUS_LABELS, repair_labels=repairs.STATUS_LABELS,
                  commitment_labels=commitments.STATUS_LABELS, materials=workflow_rules().materials,
                  promise=workflow_rules().commitment_text, today=today)


@router.post("/workflows/objections")
async def submit_objection(request: Request, viewer: Viewer = Depends(current_viewer),
                           platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.SUBJECT, Audience.OFFICE):
        return redirect
    check_csrf(request, str((await request.form()).get("csrf") or ""))
    data = await objection_input(request)
    found = await run_in_threadpool(objections.submit_objection, platform, viewer, data)
    return RedirectResponse(f"/objections/{found.id}", status_code=303)


@router.post("/workflows/repairs")
async def apply_for_repair(request: Request, viewer: Viewer = Depends(current_viewer),
                           platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.SUBJECT, Audience.OFFICE):
        return redirect
    check_csrf(request, str((await request.form()).get("csrf") or ""))
    data = await repair_input(request)
    found = await run_in_threadpool(repairs.apply_for_repair, platform, viewer, data)
    return RedirectResponse(f"/repairs/{found.id}", status_code=303)


@router.get("/objections/{objection_id}", response_class=HTMLResponse)
def objection_page(request: Request, objection_id: int, viewer: Viewer = Depends(current_viewer),
                   session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer):
        return redirect
    found = objections.get_objection(session, viewer, objection_id)
    record = session.get_one(Record, found.record_id)
    item = platform.catalog.item(record.item_id)
    return render(request, "workflows/objection.html", case=found, record=record, item=item,
                  department=platform.catalog.department(found.department_code), viewer=viewer,
                  label=objections.STATUS_LABELS[objections.ObjectionStatus(found.status)],
                  steps=timeline(session, "objection", found.id), today=platform.clock.today(),
                  corrections=objections.corrections_of(session, found.id),
                  files=attachments.listed(session, "objection", found.id))


@router.post("/objections/{objection_id}/{step}")
def objection_step(request: Request, objection_id: int, step: str, csrf: str = Form(""), note: str = Form(""),
                   outcome: str = Form(""), field: str = Form(""), value: str = Form(""),
                   viewer: Viewer = Depends(current_viewer), platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.OFFICE, Audience.DEPARTMENT):
        return redirect
    check_csrf(request, csrf)
    if step == "accept":
        objections.accept_objection(platform, viewer, objection_id, note)
    elif step == "refuse":
        objections.refuse_objection(platform, viewer, objection_id, note)
    elif step == "decide":
        corrections = {field: value} if field.strip() else {}
        objections.decide_objection(platform, viewer, objection_id, outcome=outcome, note=note,
                                    corrections=corrections)
    else:
        raise NotFound(f"异议没有“{step}”这一步骤")
    return RedirectResponse(f"/objections/{objection_id}", status_code=303)


@router.get("/repairs/{application_id}", response_class=HTMLResponse)
def repair_page(request: Request, application_id: int, viewer: Viewer = Depends(current_viewer),
                session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer):
        return redirect
    found = repairs.get_application(session, viewer, application_id)
    record = session.get_one(Record, found.record_id)
    return render(request, "workflows/repair.html", case=found, record=record,
                  item=platform.catalog.item(record.item_id), viewer=viewer,
                  department=platform.catalog.department(found.department_code),
                  label=repairs.STATUS_LABELS[repairs.RepairStatus(found.status)],
                  steps=timeline(session, "repair", found.id), today=platform.clock.today(),
                  files=attachments.listed(session, "repair", found.id))


@router.post("/repairs/{application_id}/decide")
def repair_decide(request: Request, application_id: int, csrf: str = Form(""), decision: str = Form(""),
                  note: str = Form(""), viewer: Viewer = Depends(current_viewer),
                  platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.DEPARTMENT):
        return redirect
    check_csrf(request, csrf)
    repairs.decide_repair(platform, viewer, application_id, approve=decision == "approve", note=note)
    return RedirectResponse(f"/repairs/{application_id}", status_code=303)


@router.get("/commitments/{commitment_id}", response_class=HTMLResponse)
def commitment_page(request: Request, commitment_id: int, viewer: Viewer = Depends(current_viewer),
                    session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer):
        return redirect
    found = commitments.get_commitment(session, viewer, commitment_id)
    return render(request, "workflows/commitment.html", case=found, viewer=viewer,
                  department=platform.catalog.department(found.department_code),
                  subject=session.get_one(Subject, found.subject_id),
                  type_label=platform.catalog.code_table("commitment_type").label(found.type_code),
                  label=commitments.STATUS_LABELS[commitments.CommitmentStatus(found.status)],
                  steps=timeline(session, "commitment", found.id), today=platform.clock.today())


@router.post("/commitments/{commitment_id}/verdict")
def commitment_verdict(request: Request, commitment_id: int, csrf: str = Form(""), outcome: str = Form(""),
                       note: str = Form(""), viewer: Viewer = Depends(current_viewer),
                       platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.DEPARTMENT):
        return redirect
    check_csrf(request, csrf)
    commitments.record_verdict(platform, viewer, commitment_id, fulfilled=outcome == "fulfilled", note=note)
    return RedirectResponse(f"/commitments/{commitment_id}", status_code=303)


@router.get("/outbox", response_class=HTMLResponse)
def outbox_page(request: Request, viewer: Viewer = Depends(current_viewer), session: Session = Depends(get_session),
                ) -> Response:
    if redirect := page_access(request, viewer):
        return redirect
    return render(request, "workflows/outbox.html", messages=outbox.inbox(session, viewer, limit=100),
                  unread=outbox.unread_count(session, viewer))


@router.post("/outbox/{notification_id}/read")
def outbox_read(request: Request, notification_id: int, csrf: str = Form(""), viewer: Viewer = Depends(current_viewer),
                session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer):
        return redirect
    check_csrf(request, csrf)
    message = outbox.mark_read(session, viewer, notification_id, platform.clock.now())
    return RedirectResponse(message.link or "/outbox", status_code=303)
