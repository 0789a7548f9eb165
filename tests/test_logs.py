"""People's ID numbers never reach the log."""

import logging

from xinyong.logs import RedactIdNumbers, redact


def test_id_numbers_are_masked_and_other_codes_left_alone() -> None:
    line = "GET /api/v1/subjects/11010519491231002x?q=91350100M000100Y43 legacy 110105491231002 order 12345"
    cleaned = redact(line)
    assert "11010519491231002" not in cleaned and "1101**********002X" in cleaned
    assert "110105491231002" not in cleaned
    assert "91350100M000100Y43" in cleaned and "12345" in cleaned


def test_an_eighteen_digit_number_with_a_wrong_check_is_not_an_id() -> None:
    assert redact("ticket 110105194912310021") == "ticket 110105194912310021"


def test_the_filter_rewrites_records_with_arguments(caplog) -> None:
    logger = logging.getLogger("xinyong.test")
    logger.addFilter(RedactIdNumbers())
    with caplog.at_level(logging.INFO, logger="xinyong.test"):
        logger.info("lookup of %s failed", "110105195001010039")
    assert "110105195001010039" not in caplog.text and "1101**********0039" in caplog.text
