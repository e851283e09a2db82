"""Grouping cases for the index pages: by county, by industry, by theme."""

from __future__ import annotations

import re
from collections import defaultdict

PLACE_LEVELS = ("province", "city", "county", "township", "village")


def anchor(text: str) -> str:
    """A heading id that keeps Chinese readable and is safe in a URL."""
    return re.sub(r"[\s#?&/\\%\"'<>{}|`.+]+", "-", text).strip("-") or "x"


def county_anchor(place) -> str:
    return anchor(f"{place.city or '市州待补充'}-{place.county or '区县待补充'}")


def by_county(cases: list) -> dict[str, dict[str, list]]:
    """city -> county -> cases, cities and counties in name order."""
    groups: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for case in cases:
        groups[case.place.city or "市州待补充"][case.place.county or "区县待补充"].append(case)
    return {city: dict(sorted(counties.items())) for city, counties in sorted(groups.items())}


def by_values(cases: list, field: str) -> dict[str, list]:
    """value -> cases, for list fields such as industries and themes."""
    groups: dict[str, list] = defaultdict(list)
    for case in cases:
        for value in getattr(case, field):
            groups[value].append(case)
    return dict(sorted(groups.items()))
