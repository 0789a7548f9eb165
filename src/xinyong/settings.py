"""Every setting of the platform, in one place.

Each setting has a type, a default and one line of documentation (the ``description``);
``docs/settings.md`` lists them all and a test keeps the two in step. Values come from the
environment with the ``XINYONG_`` prefix, e.g. ``XINYONG_DATABASE_URL``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
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
    public_base_url: str = Field(
        "http://127.0.0.1:8000",
        description="Public address of the portal, used in QR codes and links inside reports.",
    )
    sample_subjects: int = Field(
        20_000, description="Number of subjects in the sample city that `make run` loads into an empty database."
    )
    sample_seed: int = Field(2026, description="Seed of the sample city, so that every checkout shows the same city.")
    page_size_max: int = Field(100, description="Largest page of results any list or search returns.")
    dask_scheduler: str = Field(
        "", description="Address of a Dask distributed scheduler (e.g. tcp://10.0.0.5:8786) for batch work such as "
        "evaluation; empty: run in this process.",
    )
    log_level: str = Field("INFO", description="Level of the platform's log (DEBUG, INFO, WARNING, ERROR).")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
