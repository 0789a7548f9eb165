"""Every setting of the platform, in one place.

Each setting has a type, a default and one line of documentation (the ``description``);
``docs/settings.md`` lists them all and a test keeps the two in step. Values come from the
environment with the ``XINYONG_`` prefix, e.g. ``XINYONG_DATABASE_URL``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="XINYONG_", extra="ignore")

    database_url: str = Field(
        "sqlite:///var/xinyong.db",
        description="SQLAlchemy URL of the database; SQLite by default, e.g. postgresql://user@host/db.",
    )
    secret_dir: Path = Field(
        Path("var/secrets"),
        description="Folder holding the generated keys when no key is given in the environment.",
    )
    id_hash_key: str = Field(
        "",
        description="Key (hex) of the keyed hash used to look people up by ID number; generated if empty.",
    )
    id_encryption_key: str = Field(
        "",
        description="Base64 AES-256 key encrypting people's ID numbers at rest; generated if empty.",
    )
    session_secret: str = Field(
        "",
        description="Key signing login session cookies; generated if empty.",
    )
    host: str = Field("127.0.0.1", description="Address the web server listens on.")
    port: int = Field(8000, description="Port the web server listens on.")
    server_workers: int = Field(
        1, ge=1, description="Server processes `xinyong serve` starts (uvicorn workers); one per core the server may "
        "use. Each runs the background rounds too unless their intervals are 0 and cron runs them.",
    )
    server_threads: int = Field(
        4, ge=1, description="Requests one server process works on at once; more wait their turn (CPU-bound work "
        "on SQLite gains nothing from more, and switching between them lengthens every one).",
    )
    public_base_url: str = Field(
        "http://127.0.0.1:8000",
        description="Public address of the portal, used in QR codes and links inside reports.",
    )
    sample_subjects: int = Field(
        20_000, description="Number of subjects in the sample city that `make run` loads into an empty database."
    )
    sample_seed: int = Field(2026, description="Seed of the sample city, so that every checkout shows the same city.")
    page_size_max: int = Field(100, description="Largest page of results any list or search returns.")
    figures_cache_seconds: int = Field(
        300, ge=0, description="How long the home page reuses its headline figures before counting the registry again."
    )
    search_count_cap: int = Field(
        1000, description="Search counts matches up to this many and pages no further; beyond it shows \"1,000+\"."
    )
    collection_helper_min_bytes: int = Field(
        8 << 20, ge=0, description="Files at least this large are read and cleaned in a helper process while the "
        "ingesting process writes (0: every file)."
    )
    rate_limit_enabled: bool = Field(True, description="Whether public pages and search are rate-limited per client.")
    rate_limit_search_per_minute: int = Field(
        30, description="Searches (page and API) a client may make per minute, on average."
    )
    rate_limit_pages_per_minute: int = Field(
        120, description="Other page and API requests a client may make per minute, on average."
    )
    rate_limit_burst: int = Field(
        20, description="Requests of each kind a client may make at once before the limit bites."
    )
    rate_limit_staff_factor: int = Field(
        10, description="Multiplier of the limits for signed-in department and credit-office accounts."
    )
    trusted_proxy_hops: int = Field(
        0, description="Reverse proxies in front of the platform whose X-Forwarded-For entries are trusted (0: none)."
    )
    dask_scheduler: str = Field(
        "", description="Address of a Dask distributed scheduler (e.g. tcp://10.0.0.5:8786) for batch work such as "
        "evaluation; empty: run in this process.",
    )
    log_level: str = Field("INFO", description="Level of the platform's log (DEBUG, INFO, WARNING, ERROR).")
    report_issuer: str = Field(
        "xinyong 公共信用信息平台",
        description="Name printed as the issuer (出具单位) on credit reports, e.g. the city's credit "
        "information centre.",
    )
    report_records_per_item: int = Field(
        1000,
        description="Most records of one catalog item a credit report lists, newest first; its count always "
        "covers all of them.",
    )
    authorisation_document_max_bytes: int = Field(
        5_000_000,
        description="Largest signed authorisation document (PDF, JPG or PNG) an upload may carry, in bytes.",
    )
    ledger_origin: str = Field(
        "",
        description="Origin line and key name of the ledger's signed checkpoints; empty: the host of "
        "public_base_url followed by /ledger.",
    )
    ledger_signing_key: str = Field(
        "",
        description="Ed25519 seed (64 hex digits) signing the ledger's checkpoints; generated if empty.",
    )
    ledger_public_event_data: bool = Field(
        False,
        description="Whether the public ledger API shows each event's content; off: hashes and metadata.",
    )
    ledger_seal_interval_seconds: int = Field(
        30, description="How often the web server seals new events into the ledger (seconds; 0: never, use cron)."
    )
    ledger_gap_wait_seconds: int = Field(
        3600,
        description="How long sealing waits for an event id skipped by a still-open transaction before "
        "taking it as rolled back.",
    )

    @field_validator("ledger_origin")
    @classmethod
    def _origin_is_a_key_name(cls, value: str) -> str:
        if "+" in value or any(ch.isspace() for ch in value):
            raise ValueError("XINYONG_LEDGER_ORIGIN 不能含空白或“+”（它同时是签名密钥的名称）")
        return value

    @field_validator("ledger_signing_key")
    @classmethod
    def _seed_is_hex(cls, value: str) -> str:
        if value and not re.fullmatch(r"[0-9a-fA-F]{64}", value):
            raise ValueError("XINYONG_LEDGER_SIGNING_KEY 应为 64 位十六进制数（32 字节 Ed25519 种子）")
        return value
    objection_verify_workdays: int = Field(
        0, ge=0, le=60,
        description="Working days a department has to verify an objection; 0 takes the period of the "
                    "workflow rules in force (10).",
    )
    screening_batch_max: int = Field(
        1000, ge=1, le=10_000,
        description="Most subjects one screening answers at once; a larger batch runs as a job in chunks of this size.",
    )
    screening_job_max: int = Field(
        100_000, ge=1, description="Most subjects one screening job may carry.",
    )
    screening_feedback_workdays: int = Field(
        10, ge=1, le=60,
        description="Working days a department has to report back (反馈) on the measures a screening returned.",
    )
    screening_worker_interval_seconds: int = Field(
        5, ge=0,
        description="How often the web server follows list changes, runs screening jobs and sends webhooks "
        "(seconds; 0: never, run `xinyong screening work` from cron).",
    )
    webhook_timeout_seconds: float = Field(5.0, gt=0, description="How long one webhook delivery may take.")
    webhook_max_attempts: int = Field(
        6, ge=1, le=20, description="Deliveries of one notice before it is marked failed (it stays in the feed).",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
