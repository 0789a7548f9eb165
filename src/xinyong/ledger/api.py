"""The public ledger API (存证账本接口): checkpoints, the verifier key, leaves and proofs.

Hashes are standard base64, as in checkpoints. Proofs default to the size of the current signed
checkpoint, so that a client can fetch the checkpoint and a proof and check one against the other.
"""

from __future__ import annotations

import base64
from datetime import datetime

from fastapi import APIRouter, Depends, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from xinyong.clock import CHINA
from xinyong.errors import NotFound, UserError
from xinyong.ledger import store
from xinyong.ledger.checkpoints import current_checkpoint
from xinyong.ledger.models import LedgerLeaf
from xinyong.ledger.seal import event_bytes, stored_event
from xinyong.ledger.signer import load_signer
from xinyong.platform import Platform
from xinyong.web.deps import get_platform, get_session
from xinyong.web.params import MAX_ID, Index, count_query

router = APIRouter(prefix="/api/v1/ledger", tags=["存证账本 ledger"])
TEXT = {200: {"content": {"text/plain": {}}}}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class LeafOut(BaseModel):
    index: int = Field(description="叶子序号，从 0 起连续编号")
    leaf_hash: str = Field(description="叶子哈希 SHA-256(0x00 ‖ 事件规范字节)，base64")
    event_id: int = Field(description="事件编号")
    kind: str | None = Field(description="事件类型（领域:对象:动作）；事件已不存在时为空")
    occurred_at: datetime | None = Field(description="事件发生时间（北京时间）")
    data_public: bool = Field(description="是否公开事件内容（设置 XINYONG_LEDGER_PUBLIC_EVENT_DATA）")
    data: str | None = Field(description="事件规范字节（叶子数据），base64；不公开时为空")


class InclusionOut(BaseModel):
    index: int = Field(description="叶子序号")
    size: int = Field(description="证明所针对的树大小")
    leaf_hash: str = Field(description="叶子哈希，base64")
    proof: list[str] = Field(description="RFC 9162 包含证明（自下而上的兄弟哈希），base64")
    root_hash: str = Field(description="该大小的树根，base64；仅供参考，须与已签名检查点中的根比对")


class ConsistencyOut(BaseModel):
    first: int = Field(description="较早的树大小")
    second: int = Field(description="较晚的树大小")
    proof: list[str] = Field(description="RFC 9162 一致性证明，base64")


def _signed_size(session: Session, platform: Platform, size: int | None) -> int:
    if size is not None:
        return size
    return current_checkpoint(session, platform.clock.now(), load_signer(platform.settings)).tree_size


@router.get("/checkpoint", response_class=PlainTextResponse, responses=TEXT,
            summary="当前签名检查点",
            description="C2SP tlog-checkpoint 格式的签名文档（Ed25519 签名）：来源、树大小、根哈希。"
                        "账本增长后首次请求时签发新的检查点，此后返回同一份。")
def checkpoint(session: Session = Depends(get_session),
               platform: Platform = Depends(get_platform)) -> PlainTextResponse:
    issued = current_checkpoint(session, platform.clock.now(), load_signer(platform.settings))
    return PlainTextResponse(issued.note)


@router.get("/key", response_class=PlainTextResponse, responses=TEXT, summary="验证公钥",
            description="检查点签名的验证公钥（vkey）：<名称>+<密钥标识>+<base64(0x01‖Ed25519 公钥)>。"
                        "第三方应通过独立渠道核对并保存它。")
def key(platform: Platform = Depends(get_platform)) -> PlainTextResponse:
    return PlainTextResponse(load_signer(platform.settings).verifier.vkey() + "\n")


@router.get("/leaves/{index}", response_model=LeafOut, summary="一片叶子",
            description="叶子哈希与其事件的编号、类型、时间；事件内容仅在设置允许公开时给出。")
def leaf(index: Index, session: Session = Depends(get_session),
         platform: Platform = Depends(get_platform)) -> LeafOut:
    found = session.get(LedgerLeaf, index)
    if found is None:
        size = store.read_head(session).size
        raise NotFound(f"账本中没有序号为 {index} 的叶子（现有 {size} 片，序号从 0 起）")
    event = stored_event(session, found.event_id)
    public = platform.settings.ledger_public_event_data
    return LeafOut(index=found.idx, leaf_hash=_b64(found.leaf_hash), event_id=found.event_id,
                   kind=event.kind if event else None,
                   occurred_at=event.occurred_at.astimezone(CHINA) if event else None,
                   data_public=public, data=_b64(event_bytes(event)) if event and public else None)


@router.get("/proofs/inclusion", response_model=InclusionOut, summary="包含证明",
            description="按叶子序号（index）或事件编号（event）给出包含证明；size 缺省为当前检查点的大小。")
def inclusion(index: int | None = count_query("叶子序号"),
              event: int | None = count_query("事件编号（代替 index）"),
              size: int | None = count_query("树大小，缺省为当前检查点的大小"),
              session: Session = Depends(get_session),
              platform: Platform = Depends(get_platform)) -> InclusionOut:
    if (index is None) == (event is None):
        raise UserError("请给出 index（叶子序号）或 event（事件编号）之一")
    if event is not None:
        index = store.leaf_of_event(session, event).idx
    size = _signed_size(session, platform, size)
    proof = store.inclusion_proof(session, index, size)
    leaf_hash = store.subtree_hashes(session, [(0, index)])[(0, index)]
    return InclusionOut(index=index, size=size, leaf_hash=_b64(leaf_hash), proof=[_b64(h) for h in proof],
                        root_hash=_b64(store.root_at(session, size)))


@router.get("/proofs/consistency", response_model=ConsistencyOut, summary="一致性证明",
            description="证明大小为 first 的树是大小为 second 的树的前缀；second 缺省为当前检查点的大小。")
def consistency(first: int = Query(ge=0, le=MAX_ID, description="较早的树大小"),
                second: int | None = count_query("较晚的树大小，缺省为当前检查点的大小"),
                session: Session = Depends(get_session),
                platform: Platform = Depends(get_platform)) -> ConsistencyOut:
    second = _signed_size(session, platform, second)
    proof = store.consistency_proof(session, first, second)
    return ConsistencyOut(first=first, second=second, proof=[_b64(h) for h in proof])
