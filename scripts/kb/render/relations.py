"""Relations written once, shown at both ends.

A course's readings name cases: the case page lists those courses (there is
no field on the case for it). Two courses are related when either one names
the other. Only public items are in the collection, so a private item never
shows up as a link.
"""

from __future__ import annotations

from kb.content.loading import Collection

READING_WORDS = {"before_class": "课前阅读", "after_class": "课后延伸"}


def courses_reading(col: Collection, case_id: str) -> list[tuple[str, str]]:
    """(course id, 课前阅读 / 课后延伸) for every course that lists the case."""
    found = []
    for course_id, item in col.courses.items():
        for field, word in READING_WORDS.items():
            if case_id in getattr(item.model.readings, field):
                found.append((course_id, word))
    return found


def related_courses(col: Collection, course_id: str) -> list[str]:
    """Courses this one names, then courses that name this one."""
    own = [c for c in col.courses[course_id].model.related_courses if c in col.courses and c != course_id]
    back = [c for c, item in col.courses.items() if course_id in item.model.related_courses and c not in own and c != course_id]
    return own + back


def in_order(listed: list[str], known: dict) -> list[str]:
    """Every known id: the listed ones first, in their order, then the rest.
    programme.yml's lists only order things; a new course shows up anyway."""
    first = [i for i in dict.fromkeys(listed) if i in known]
    return first + [i for i in known if i not in first]
