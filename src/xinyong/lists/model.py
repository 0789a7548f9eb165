"""Credit lists (名单) as typed, immutable data: how a subject enters, how long it stays, how it leaves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from xinyong.catalog.rules import Dated, add_months
from xinyong.errors import NotFound, UserError


class ListKind(StrEnum):
    SERIOUS_DISHONESTY = "serious_dishonesty"  # 严重失信主体名单
    FOCUS = "focus"  # 重点关注名单
    ABNORMAL = "abnormal"  # 经营异常名录
    RED = "red"  # 守信激励名单（红名单）


class Confidence(StrEnum):
    """How sure a fact is (shared/reference/standards.md): seen in the text, consistent copies, or one source."""

    SOLID = "SOLID"
    GOOD = "GOOD"
    WEAK = "WEAK"


class ExitReason(StrEnum):
    PERIOD_END = "period_end"  # 期满自动移出
    REPAIR = "repair"  # 信用修复后提前移出
    PERFORMANCE = "performance"  # 履行义务、纠正失信行为
    DECISION = "decision"  # 认定部门撤销或更正列入决定


EXIT_LABELS = {
    ExitReason.PERIOD_END: "期满移出",
    ExitReason.REPAIR: "信用修复",
    ExitReason.PERFORMANCE: "履行义务",
    ExitReason.DECISION: "认定部门决定",
}


@dataclass(frozen=True)
class LegalBasis:
    document: str
    article: str
    confidence: Confidence

    def cite(self) -> str:
        return f"{self.document}{self.article}"


@dataclass(frozen=True)
class ListingPeriod(Dated):
    """How long an entry made while this rule was in force stays on the list.

    ``months`` is the period unless the decision sets another within ``decided_months``;
    ``open_ended`` lets a decision list a subject until it is removed.
    """

    legal: LegalBasis
    months: int | None
    decided_months: tuple[int, int] | None
    open_ended: bool
    confidence: Confidence
    note: str = ""
    # (field, text): a record whose field contains the text is listed until removed (不设期限).
    open_ended_when: tuple[str, str] | None = None

    def listed_until_removed(self, values: dict[str, object]) -> bool:
        if self.open_ended_when is None:
            return False
        field, text = self.open_ended_when
        return text in str(values.get(field) or "")

    def describe(self) -> str:
        if self.months is None and self.decided_months is None:
            return "至移出为止"
        parts = [f"{self.months} 个月"] if self.months is not None else []
        if self.decided_months:
            parts.append(f"决定书可定 {self.decided_months[0]}–{self.decided_months[1]} 个月")
        if self.open_ended:
            parts.append("或不设期限")
        return "；".join(parts)


@dataclass(frozen=True)
class EarlyExit:
    reason: ExitReason
    after_months: int
    counted_from: str  # "entry" or "correction" (纠正之日)
    conditions: str
    basis: LegalBasis


@dataclass(frozen=True)
class Escalation:
    """Still listed after ``after_months``: the subject moves onto list ``to``."""

    after_months: int
    to: str
    basis: LegalBasis


@dataclass(frozen=True)
class CreditList:
    id: str
    name: str
    kind: ListKind
    item: str  # the catalog item its entries arrive as
    departments: tuple[str, ...]
    subject_kinds: tuple[str, ...]
    criteria: str
    legal_basis: tuple[LegalBasis, ...]
    periods: tuple[ListingPeriod, ...]
    early_exits: tuple[EarlyExit, ...]
    public: bool
    channels: tuple[str, ...]
    names_responsible_persons: bool  # a listing also names the 法定代表人/主要负责人
    responsible_persons_basis: LegalBasis | None
    escalation: Escalation | None
    confidence: Confidence
    sources: tuple[str, ...]
    effective_from: date | None = None  # the list exists from this day

    def period_on(self, entered_on: date) -> ListingPeriod:
        """The period rule for an entry made on ``entered_on``."""
        if self.effective_from and entered_on < self.effective_from:
            raise UserError(f"“{self.name}”自 {self.effective_from.isoformat()} 起设立，"
                            f"不能有 {entered_on.isoformat()} 的列入", code="list_not_in_force")
        for period in self.periods:
            if period.in_force(entered_on):
                return period
        raise NotFound(f"“{self.name}”没有适用于 {entered_on.isoformat()} 列入的期限规则")

    def exits_on(self, entered_on: date, decided_months: int | None = None,
                 open_ended: bool = False) -> date | None:
        """The first day the entry no longer applies (期满移出日); None when listed until removed.

        ``decided_months`` is the period the entry's decision sets, when the list lets it.
        """
        period = self.period_on(entered_on)
        if open_ended:
            if not period.open_ended:
                raise UserError(f"“{self.name}”的列入决定不能不设期限（{period.legal.cite()}）",
                                code="bad_listing_period")
            return None
        if decided_months is not None:
            low, high = period.decided_months or (period.months, period.months)
            if low is None or not low <= decided_months <= high:
                allowed = f"{low} 至 {high} 个月" if low is not None else "由名单规则确定，决定书不能另定"
                raise UserError(f"“{self.name}”的列入期限 {decided_months} 个月不合规定：应为 {allowed}"
                                f"（{period.legal.cite()}）", code="bad_listing_period")
            return add_months(entered_on, decided_months)
        if period.months is None:
            if period.decided_months:
                low, high = period.decided_months
                raise UserError(f"“{self.name}”的列入期限由决定书确定（{low} 至 {high} 个月），请给出决定的期限",
                                code="listing_period_missing")
            return None
        return add_months(entered_on, period.months)

    def is_listed(self, on: date, entered_on: date, *, exited_on: date | None = None,
                  decided_months: int | None = None, open_ended: bool = False) -> bool:
        """Whether an entry made on ``entered_on`` (and left early on ``exited_on``) applies on ``on``."""
        if on < entered_on or (exited_on is not None and on >= exited_on):
            return False
        ends = self.exits_on(entered_on, decided_months, open_ended)
        return ends is None or on < ends

    def early_exit(self, reason: ExitReason | str) -> EarlyExit:
        for rule in self.early_exits:
            if rule.reason == reason:
                return rule
        allowed = "、".join(EXIT_LABELS[r.reason] for r in self.early_exits) or "无"
        raise UserError(f"“{self.name}”不能以“{EXIT_LABELS.get(reason, reason)}”提前移出"
                        f"（可用：{allowed}）", code="exit_not_allowed")

    def early_exit_from(self, reason: ExitReason | str, entered_on: date, corrected_on: date | None = None) -> date:
        """The first day an early exit for ``reason`` may be decided."""
        rule = self.early_exit(reason)
        start = entered_on
        if rule.counted_from == "correction":
            if corrected_on is None:
                raise UserError(f"“{self.name}”的提前移出自纠正失信行为之日起算，请给出纠正日期",
                                code="correction_date_missing")
            start = max(corrected_on, entered_on)
        return add_months(start, rule.after_months)
