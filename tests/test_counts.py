"""Counts the index pages print say what the content says (kb.render.counts)."""

from types import SimpleNamespace as NS

from kb.render.counts import county_phrase, value_phrase


def _case(city, county, industries=(), no_industry=None):
    return NS(place=NS(city=city, county=county), industries=list(industries), no_industry=no_industry)


def test_counties_in_more_than_one_city_say_how_many_cities():
    cases = [_case("铜仁市", "印江县"), _case("铜仁市", "万山区"), _case("安顺市", "西秀区")]
    assert county_phrase(cases) == "2 个市的 3 个区县"
    assert county_phrase(cases[:2]) == "2 个区县"
    assert county_phrase(cases + [_case("铜仁市", None)]) == "2 个市的 3 个区县，另有 1 个案例的区县待补充"


def test_a_case_that_says_it_has_no_industry_is_not_counted_as_missing_one():
    cases = [_case("铜仁市", "印江县", ["茶叶"]), _case("铜仁市", "江口县", no_industry="本案例讲村规民约")]
    assert value_phrase(cases, "industries", "产业") == "1 个产业"
    assert value_phrase(cases + [_case("铜仁市", "万山区")], "industries", "产业") == "1 个产业（1 个案例未写产业）"
