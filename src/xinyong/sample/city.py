"""A deterministic, realistic sample city: its subjects, as the registration authority lists them.

The same seed always gives the same city. Codes are valid (computed with the real check
algorithms) except for a controlled share of the defects real data has; see ``data/city.yaml``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from importlib import resources
from typing import Any

import yaml

from xinyong.identifiers import (
    citizen_id_check_char,
    current_divisions,
    division_existed,
    org_code_check_char,
    registration_no_check_digit,
    uscc_check_char,
)
from xinyong.subjects.models import SubjectKind
from xinyong.subjects.registry import SubjectEntry

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_DIGITS = "0123456789"
# (registration-authority and type code, kind) for each sample category.
PREFIXES = {
    "enterprise": ("91", SubjectKind.ORGANISATION), "individual_business": ("92", SubjectKind.INDIVIDUAL_BUSINESS),
    "farmer_coop": ("93", SubjectKind.ORGANISATION), "public_institution": ("12", SubjectKind.ORGANISATION),
    "government_agency": ("11", SubjectKind.ORGANISATION), "social_organisation": ("51", SubjectKind.ORGANISATION),
    "private_non_enterprise": ("52", SubjectKind.ORGANISATION), "foundation": ("53", SubjectKind.ORGANISATION),
    "rural_collective": ("N2", SubjectKind.ORGANISATION), "law_firm": ("31", SubjectKind.ORGANISATION),
}


def _data(name: str) -> dict[str, Any]:
    return yaml.safe_load(resources.files("xinyong.sample").joinpath(f"data/{name}").read_text("utf-8"))


@dataclass
class SampleSubject:
    """One subject of the city: the registry entry, and what other sources say of it."""

    category: str
    entry: SubjectEntry
    clean_code: str | None
    anomalies: list[str] = field(default_factory=list)
    observed_as: str | None = None


class CityGenerator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.config = _data("city.yaml")
        self.words = _data("words.yaml")
        self.districts = list(self.config["city"]["districts"].items())
        self._used: set[str] = set()
        self._names: set[str] = set()
        self.sector: str | None = None  # 门类 of the last name made, from the trade word it picked

    @cached_property
    def birth_regions(self) -> list[str]:
        # Mostly the province, with a tail from everywhere else, as a coastal city's population is.
        local = [code for code, _ in current_divisions("44") if not code.endswith("00")]
        national = [code for code, _ in current_divisions("") if not code.endswith("00")]
        return local * 3 + national

    def _pick(self, key: str) -> str:
        return self.rng.choice(self.words[key])

    def _trade(self, key: str) -> str:
        """A word naming the kind of work; remembered as the subject's sector (GB/T 4754 门类)."""
        word = self._pick(key)
        self.sector = self.words["sections"]["words"][word]
        return word

    def _chance(self, anomaly: str) -> bool:
        return self.rng.random() < self.config["anomalies"][anomaly]

    def person_name(self) -> str:
        given = self._pick("given_chars") + (self._pick("given_chars") if self.rng.random() < 0.7 else "")
        return self._pick("surnames") + given

    def citizen_id(self, born: date) -> str:
        for _ in range(50):
            region = self.rng.choice(self.birth_regions)
            if division_existed(region, born.year):
                break
        seq = f"{self.rng.randrange(1000):03d}"
        first17 = f"{region}{born:%Y%m%d}{seq}"
        return first17 + citizen_id_check_char(first17)

    def birth_date(self, minor: bool) -> date:
        if minor:
            return date(2009, 1, 1) + timedelta(days=self.rng.randrange(17 * 365 - 400))
        return date(1950, 1, 1) + timedelta(days=self.rng.randrange(58 * 365))

    def _unique(self, make: Any) -> str:
        while True:
            code = make()
            if code not in self._used:
                self._used.add(code)
                return code

    def uscc(self, prefix: str, region: str, recoded: bool) -> str:
        def make() -> str:
            if recoded:
                body = "".join(self.rng.choice(_DIGITS) for _ in range(8))
            else:
                body = "MA" + "".join(self.rng.choice(USCC_CHARS) for _ in range(6))
            first17 = prefix + region + body + org_code_check_char(body)
            return first17 + uscc_check_char(first17)

        return self._unique(make)

    def registration_no(self, region: str) -> str:
        def make() -> str:
            first14 = region + "".join(self.rng.choice(_DIGITS) for _ in range(8))
            return first14 + registration_no_check_digit(first14)

        return self._unique(make)

    def registered_on(self) -> date:
        return date(1992, 1, 1) + timedelta(days=self.rng.randrange(34 * 365 - 330))

    def address(self, district: str) -> str:
        return f"{self.config['city']['province']}{self.config['city']['name']}{district}" \
               f"{self._pick('streets')}{self.rng.randrange(1, 999)}号"

    def trade_name(self) -> str:
        """A 字号: a known one, or two characters as most firms choose."""
        if self.rng.random() < 0.3:
            return self._pick("trade_names")
        return self._pick("trade_chars") + self._pick("trade_chars")

    def name_for(self, category: str, district: str, legal_rep: str) -> str:
        """A name no other subject of the city carries (names are unique where they are registered)."""
        for attempt in range(40):
            name = self._name(category, district, legal_rep, distinct=attempt > 20)
            if name not in self._names:
                self._names.add(name)
                return name
        raise RuntimeError(f"sample city cannot find a free name for {category}")

    def _name(self, category: str, district: str, legal_rep: str, distinct: bool) -> str:
        city = self.config["city"]["name"]
        pick, trade = self._pick, self._trade
        self.sector = self.words["sections"]["categories"].get(category)
        brand = self.trade_name() if distinct else ""
        match category:
            case "enterprise":
                return f"{city}{self.trade_name()}{trade('industries')}{pick('legal_forms')}"
            case "individual_business":
                person = legal_rep if not distinct else self.person_name()
                return f"{district}{person}{trade('shops')}"
            case "farmer_coop":
                return f"{city}{district}{pick('villages')}{brand}{pick('coop_kinds')}"
            case "public_institution":
                return f"{city}{district}{brand}{trade('institutions')}"
            case "government_agency":
                place = f"{pick('villages')}{brand}镇" if distinct else ""
                return f"{city}{district}{place}{pick('agencies')}"
            case "social_organisation":
                return f"{city}{brand}{pick('social_topics')}{pick('social_kinds')}"
            case "private_non_enterprise":
                return f"{city}{district}{self.trade_name()}{trade('non_enterprise_kinds')}"
            case "foundation":
                return f"{city}{self.trade_name()}慈善基金会"
            case "rural_collective":
                return f"{city}{district}{pick('villages')}{brand}村股份经济合作联社"
            case "villagers_committee":
                return f"{city}{district}{pick('villages')}{brand}村民委员会"
            case _:
                return f"广东{self.trade_name()}律师事务所"

    def categories(self, n: int) -> list[str]:
        shares, limits = self.config["kinds"], self.config.get("limits", {})
        names = list(shares)
        drawn = self.rng.choices(names, weights=[shares[k] for k in names], k=n)
        seen: dict[str, int] = {}
        for i, category in enumerate(drawn):
            seen[category] = seen.get(category, 0) + 1
            if seen[category] > limits.get(category, n):
                drawn[i] = "enterprise"
        return drawn

    def generate(self, n: int) -> Iterator[SampleSubject]:
        for category in self.categories(n):
            if category == "person":
                yield self._person()
            else:
                yield from self._organisation(category)

    def _person(self) -> SampleSubject:
        minor = self._chance("minor")
        code = self.citizen_id(self.birth_date(minor))
        subject = SampleSubject("person", SubjectEntry(name=self.person_name(), code=code, kind=SubjectKind.PERSON),
                                code, ["minor"] if minor else [])
        if code[-1] == "X" and self._chance("lower_case"):
            subject.entry = replace(subject.entry, code=code.lower())
            subject.anomalies.append("lower_case")
        return subject

    def _organisation(self, category: str) -> Iterator[SampleSubject]:
        prefix, kind = PREFIXES[category]
        district_code, district = self.rng.choice(self.districts)
        recoded = self.rng.random() < 0.4
        anomalies: list[str] = []
        if self._chance("obsolete_prefix"):
            category, prefix = "villagers_committee", "54"
            anomalies.append("obsolete_prefix")
        code = self.uscc(prefix, district_code, recoded)
        legal_rep = self.person_name()
        rep_code = self.citizen_id(self.birth_date(False)) if self.rng.random() < 0.35 else None
        old: tuple[str, ...] = ()
        if recoded:
            old = (self.registration_no(district_code), code[8:17])
        clean: str | None = code
        if self._chance("old_codes_only"):
            raw, old, clean = self.registration_no(district_code), (code[8:17],), None
            anomalies.append("old_codes_only")
        else:
            raw = self._disfigure(code, anomalies)
            if "bad_check_char" in anomalies:
                clean = None
        name = self.name_for(category, district, legal_rep)
        industry = self.sector
        former: tuple[str, ...] = ()
        if self._chance("renamed"):
            former = (self.name_for(category, district, legal_rep),)
            anomalies.append("renamed")
        entry = SubjectEntry(name=name, code=raw, kind=kind, old_codes=old, former_names=former,
                             legal_rep=legal_rep, legal_rep_code=rep_code, region_code=district_code,
                             industry=industry, registered_on=self.registered_on(), address=self.address(district),
                             status="active" if self.rng.random() < 0.93 else "cancelled")
        subject = SampleSubject(category, entry, clean, anomalies)
        if clean and self._chance("conflicting_name"):
            subject.observed_as = self.name_for(category, district, self.person_name())
            subject.anomalies.append("conflicting_name")
        yield subject
        if clean and self._chance("duplicate_registration"):
            twin = self.uscc(prefix, district_code, recoded=False)
            yield SampleSubject(category, replace(entry, code=twin, old_codes=(), former_names=()), twin,
                                ["duplicate_registration"])

    def _disfigure(self, code: str, anomalies: list[str]) -> str:
        """The code as the registry source wrote it, with the defects real data has."""
        if self._chance("bad_check_char"):
            code = code[:17] + self.rng.choice([c for c in USCC_CHARS if c != code[17]])
            anomalies.append("bad_check_char")
        if self._chance("full_width"):
            anomalies.append("full_width")
            return "".join(chr(ord(c) + 0xFEE0) for c in code)
        if self._chance("lower_case"):
            anomalies.append("lower_case")
            return code.lower()
        if self._chance("spaced"):
            anomalies.append("spaced")
            return f"{code[:2]} {code[2:8]}-{code[8:]}"
        return code
