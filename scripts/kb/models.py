"""Typed content models: one per content type, validated by pydantic.

Field names are English (they are YAML keys organisers type); every value an
organiser writes may be Chinese. Optional fields left empty are shown on the
site as 待补充 (to be completed): the sources did not say.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"


def _date_to_text(value):
    # YAML turns 2020-12-16 into a date object; keep every date as text so a
    # partial date such as 2020-10 (month only) is allowed too.
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a bare year: 2020
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
PartialDate = Annotated[str, BeforeValidator(_date_to_text), StringConstraints(pattern=DATE_PATTERN)]
Status = Literal["draft", "published"]


class Model(BaseModel):
    # Unknown keys are errors (with a did-you-mean), never silently dropped.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Model):
    id: Slug
    title: Text
    publisher: Optional[Text] = None
    author: Optional[Text] = None
    date: Optional[PartialDate] = None
    url: Optional[Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]] = None
    note: Optional[Text] = None


class SourceList(Model):
    """sources.yml: every document the site may cite, by id."""

    sources: list[Source] = Field(min_length=1)


class Place(Model):
    province: Optional[Text] = None
    city: Optional[Text] = None
    county: Optional[Text] = None
    township: Optional[Text] = None
    village: Optional[Text] = None


class Person(Model):
    name: Text
    role: Text
    source: Slug


class Figure(Model):
    label: Text
    value: float | int
    unit: Optional[Text] = None
    date: Optional[PartialDate] = None
    source: Slug
    note: Optional[Text] = None


class TimelineEvent(Model):
    date: PartialDate
    event: Text
    source: Slug


class Quote(Model):
    text: Text
    speaker: Text
    role: Optional[Text] = None
    source: Slug


class Case(Model):
    id: Slug
    title: Text
    status: Status
    place: Place
    industries: list[Text] = []
    themes: list[Text] = []
    models: list[Text] = []
    people: list[Person] = []
    figures: list[Figure] = []
    timeline: list[TimelineEvent] = []
    quotes: list[Quote] = []
    summary: Text
    discussion_questions: list[Text] = []
    learning_points: list[Text] = []
    related_courses: list[Slug] = []
    sources: list[Slug] = Field(min_length=1)


class CoursePart(Model):
    title: Text
    summary: Optional[Text] = None


class Readings(Model):
    before_class: list[Slug] = []   # 课前阅读: case ids
    after_class: list[Slug] = []    # 课后延伸: case ids


CourseKind = Literal["讲授", "研讨", "案例", "现场教学", "讲授与研讨"]


class Course(Model):
    id: Slug
    title: Text
    kind: CourseKind
    status: Status
    summary: Text
    parts_name: Text = "组成部分"
    parts: list[CoursePart] = []
    objectives: list[Text] = []
    readings: Readings = Readings()
    discussion_prompts: list[Text] = []
    related_courses: list[Slug] = []
    sources: list[Slug] = Field(min_length=1)


class Chapter(Model):
    title: Optional[Text] = None
    cases: list[Slug] = []


class Handbook(Model):
    id: Slug
    title: Optional[Text] = None  # None: no source gives the title
    status: Status
    edition: Optional[Text] = None
    publisher: Optional[Text] = None
    date: Optional[PartialDate] = None
    intro: Text
    chapters: list[Chapter] = []
    related_cases: list[Slug] = []  # the site's own pairing, not the book's contents
    sources: list[Slug] = Field(min_length=1)


class Mechanism(Model):
    name: Text
    summary: Optional[Text] = None
    source: Slug


class Programme(Model):
    id: Slug
    title: Text
    status: Status
    summary: Text
    focus: list[Text] = []
    goal: Optional[Text] = None
    selection: list[Mechanism] = []
    mentoring: list[Mechanism] = []
    evaluation: list[Mechanism] = []
    figures: list[Figure] = []
    quotes: list[Quote] = []
    courses: list[Slug] = []
    handbooks: list[Slug] = []
    sources: list[Slug] = Field(min_length=1)

