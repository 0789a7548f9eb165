"""Property-based API tests from the OpenAPI schema (schemathesis): whatever a client sends to any
documented operation — odd characters, huge numbers, missing or repeated parameters — the answer is
never a server error. Bounded: a fixed number of examples per operation, well under a minute."""

from __future__ import annotations

from dataclasses import replace

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from xinyong.platform import Platform
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry
from xinyong.web.app import create_app

EXAMPLES = 60


def test_no_generated_request_gets_a_server_error(platform: Platform) -> None:
    with platform.db.session() as session:
        Registry(session, PersonIdVault(platform.keys), now=platform.clock.now(), origin="test").register_many([
            SubjectEntry(name="珠海市华信电子科技有限公司", code="91440400MA4UH3LX6G"),
            SubjectEntry(name="臺灣華信貿易有限公司", code="91440400MA4W0R6B59", old_codes=("440404000123450",)),
        ])
    app = create_app(replace(platform, settings=platform.settings.model_copy(update={"rate_limit_enabled": False})))
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/subjects", "/subjects/{code}/qr.png"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def no_server_error(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error])

        no_server_error()
