"""The screening answer as the OpenAPI document describes it, so a department's system can be
written from /docs alone."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SubjectOut(BaseModel):
    id: int
    name: str
    code: str | None = Field(description="统一社会信用代码或旧代码；自然人只显示隐去中间位的证件号码")
    kind: str = Field(description="organisation、individual_business 或 person")
    status: str = Field(description="登记状态：active 存续、cancelled 注销、revoked 吊销")
    url: str = Field(description="主体页面（一户一档）")


class EvidenceOut(BaseModel):
    feature: str = Field(description="匹配特征")
    weight: float
    value: float
    query: str | None = Field(description="查询中的值")
    candidate: str | None = Field(description="登记信息中的值")
    detail: str = Field(description="说明")


class ListedSubjectOut(BaseModel):
    id: int
    name: str
    code: str
    responsible_person: str | None


class EntryOut(BaseModel):
    list_id: str = Field(alias="list", description="名单编号，见 GET /api/v1/lists")
    list_name: str
    list_kind: str = Field(description="serious_dishonesty、focus、abnormal 或 red")
    role: str = Field(description="subject 被列入主体本身；responsible_person 作为被列入单位的法定代表人/负责人")
    entry_id: int
    entered_on: str
    ends_on: str | None = Field(description="期满移出之日（当日起不再在列）；null 为移出为止")
    reason: str
    document_no: str | None
    department: str = Field(description="认定部门")
    legal_basis: list[str]
    listed_subject: ListedSubjectOut | None = Field(None, description="role 为 responsible_person 时：被列入的单位")


class MeasureOut(BaseModel):
    id: str = Field(description="措施编号，见 GET /api/v1/measures")
    content: str
    measure_class: str = Field(alias="class", description="1、2、3（惩戒措施类别）或 incentive（守信激励）")
    class_label: str
    effect: str = Field(description="restrict 惩戒；reward 激励")
    role: str
    lists: list[str] = Field(description="触发该措施的名单")
    legal_basis: list[str] = Field(description="法律依据，具体到条款")
    departments: list[str] = Field(description="实施部门")
    implementers: str


class MatchOut(BaseModel):
    subject: SubjectOut
    matched_name: str | None = Field(description="按曾用名匹配时的曾用名")
    score: float
    confident: bool
    evidence: list[EvidenceOut]
    entries: list[EntryOut] = Field(default_factory=list)
    measures: list[MeasureOut] = Field(default_factory=list)


class CandidateOut(BaseModel):
    subject: SubjectOut
    matched_name: str | None
    score: float
    confident: bool
    evidence: list[EvidenceOut]


class FeedbackOut(BaseModel):
    measure: str
    action: str
    reason: str
    subject_id: int | None
    at: str


class PendingListingOut(BaseModel):
    record_id: int
    list: str
    list_name: str
    name: str = Field(description="记录中的主体名称")
    document_no: str | None
    decided_on: str | None
    department: str


class ResultOut(BaseModel):
    position: int = Field(description="序号，从 1 起，与提交顺序一致")
    query: dict[str, str] = Field(description="提交的查询（证件号码只保存隐去中间位的形式）")
    outcome: str = Field(description="measures 适用措施；no_measure 无适用措施；no_match 未匹配到主体；"
                                     "ambiguous 多个可能主体；pending_review 名单中有待审核的相关记录，须人工核实")
    outcome_label: str
    matches: list[MatchOut] = Field(description="确认匹配的主体，各自的名单条目与措施")
    candidates: list[CandidateOut] = Field(description="未达到确认阈值的可能主体，供人工核实")
    excluded_subject_ids: list[int] = Field(description="本部门此前核实为非同一主体、本次排除的主体")
    pending_listings: list[PendingListingOut] = Field(
        default_factory=list, description="指向该主体、尚待审核（未生效）的名单记录：代码相同、组织名称相同，"
                                          "或自然人姓名相同且证件号码可见位相符")
    message: str | None = Field(description="找到主体但无适用措施、或有待审核名单记录时的明确说明")
    feedback: list[FeedbackOut] = Field(default_factory=list)


class ScreeningOut(BaseModel):
    id: int
    status: str = Field(description="queued、running、done 或 failed")
    department: str
    scenario: str
    matter: str
    data_version: str = Field(description="核查所用的名单、措施清单、目录版本与名单条目同步位置")
    total: int
    done: int
    progress: float
    with_measures: int = Field(description="适用措施的主体数")
    error: str | None
    created_at: str
    finished_at: str | None
    feedback_due_on: str | None = Field(description="反馈期限（工作日计算）")
    results_url: str
    results: list[ResultOut] | None = Field(None, description="当即答复时的全部结果；作业请按 results_url 分页读取")


class ResultsPage(BaseModel):
    screening: ScreeningOut
    offset: int
    items: list[ResultOut]
