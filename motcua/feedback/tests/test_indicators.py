"""The Decision 766 feedback indicators against a hand-computed fixture (docs/feedback.md).

Period: March 2026. Computed on 15 April 2026 at 12:00. Ward Bạch Đằng, 2026 calendar
(Tết 16–20 February off). Each row: reception, what happened, the 15-working-day limit, and
the verdict; the same table is written up in docs/feedback.md.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.feedback import services
from motcua.feedback.indicators import (
    CaseFacts,
    Ratio,
    handling_decision,
    on_time_ratio,
    satisfaction_ratio,
)
from motcua.feedback.tests.factories import at, conduct_data

NOW = at("2026-04-15", "12:00")
MARCH = (at("2026-03-01", "00:00"), at("2026-04-01", "00:00"))
DOSSIER = "000.22.07.H26-260227-0007"


def close(day: str) -> dt.datetime:
    return at(day, "17:00")


# (name, facts) — limits worked out by hand, see docs/feedback.md
FIXTURE: list[tuple[str, CaseFacts]] = [
    ("C1", CaseFacts(at("2026-02-09"), close("2026-02-11"), close("2026-03-09"),
                     answered_at=at("2026-03-05", "10:00"),
                     rating="like", rated_at=at("2026-03-06"))),
    ("C2", CaseFacts(at("2026-03-02"), close("2026-03-04"), close("2026-03-23"),
                     answered_at=at("2026-03-20", "10:00"),
                     rating="dislike", rated_at=at("2026-03-25"))),
    ("C3", CaseFacts(at("2026-03-04"), close("2026-03-06"), close("2026-03-25"),
                     answered_at=at("2026-03-27", "10:00"),
                     rating="like", rated_at=at("2026-03-30"))),
    ("C4", CaseFacts(at("2026-03-02"), close("2026-03-04"), close("2026-03-23"))),
    ("C5", CaseFacts(at("2026-03-16"), close("2026-03-18"), close("2026-04-06"),
                     answered_at=at("2026-04-02", "10:00"))),
    ("C6", CaseFacts(at("2026-03-16"), close("2026-03-18"), close("2026-04-06"))),
    ("C7", CaseFacts(at("2026-03-02"), close("2026-03-04"), close("2026-03-23"),
                     refused_at=at("2026-03-03"))),
    ("C8", CaseFacts(at("2026-03-02"), close("2026-03-04"), close("2026-03-23"),
                     refused_at=at("2026-03-10"))),
    ("C9", CaseFacts(at("2026-03-02"), close("2026-03-04"), None,
                     info_requested_at=at("2026-03-04", "10:00"))),
    ("C10", CaseFacts(at("2026-03-02"), close("2026-03-04"), close("2026-03-30"),
                      info_requested_at=at("2026-03-04", "10:00"),
                      info_provided_at=at("2026-03-11", "10:00"),
                      answered_at=at("2026-03-27", "10:00"),
                      rating="like", rated_at=at("2026-04-02"))),
    ("C12", CaseFacts(at("2026-02-02"), close("2026-02-04"), close("2026-03-02"),
                      answered_at=at("2026-02-27", "10:00"),
                      rating="like", rated_at=at("2026-03-02"))),
    ("C13", CaseFacts(at("2026-03-26"), close("2026-03-30"), close("2026-04-16"))),
]  # fmt: skip


def test_each_case_is_decided_once_as_the_table_says():
    verdicts = {name: handling_decision(facts, now=NOW) for name, facts in FIXTURE}
    summary = {
        name: None if d is None else (d.at.date().isoformat(), d.on_time)
        for name, d in verdicts.items()
    }
    assert summary == {
        "C1": ("2026-03-05", True),
        "C2": ("2026-03-20", True),
        "C3": ("2026-03-25", False),  # late: decided when the limit passed
        "C4": ("2026-03-23", False),  # never answered
        "C5": ("2026-04-02", True),  # April
        "C6": ("2026-04-06", False),  # April
        "C7": None,  # refused in screening
        "C8": ("2026-03-10", True),  # refused later, within the limit
        "C9": None,  # waiting for information: clock stopped
        "C10": ("2026-03-27", True),  # limit moved by the 5-day pause
        "C12": ("2026-02-27", True),  # February
        "C13": None,  # still in time on 15 April
    }


def test_on_time_and_satisfaction_ratios_of_march_match_the_hand_computation():
    facts = [f for _, f in FIXTURE]
    on_time = on_time_ratio(facts, start=MARCH[0], end=MARCH[1], now=NOW)
    satisfaction = satisfaction_ratio(facts, start=MARCH[0], end=MARCH[1])
    # C1, C2, C8, C10 on time; C3, C4 late
    assert (on_time.numerator, on_time.denominator) == (4, 6)
    assert on_time.percent == Decimal("66.67")
    # ratings in March: C1 like, C2 dislike, C3 like, C12 like
    assert (satisfaction.numerator, satisfaction.denominator) == (3, 4)
    assert str(satisfaction) == "75.00%"


def test_zero_denominator_is_not_applicable():
    assert Ratio(0, 0).percent is None
    assert str(Ratio(0, 0)) == "n/a"
    assert str(Ratio(1, 3)) == "33.33%"
    assert str(Ratio(2, 3)) == "66.67%"


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=10_000))
def test_percent_has_two_decimals_and_stays_within_bounds(n, d):
    n = min(n, d)
    value = Ratio(n, d).percent
    assert value is not None
    assert Decimal(0) <= value <= Decimal(100)
    assert value == value.quantize(Decimal("0.01"))


@given(st.lists(st.integers(min_value=0, max_value=120), max_size=30))
def test_months_add_up(offsets):
    # Whatever the cases, every decided case falls in exactly one month.
    cases = [
        CaseFacts(
            at("2026-01-05") + dt.timedelta(days=o),
            at("2026-01-07") + dt.timedelta(days=o),
            at("2026-01-26") + dt.timedelta(days=o),
            answered_at=at("2026-01-20") + dt.timedelta(days=o * 1.5),
        )
        for o in offsets
    ]
    months = [at(f"2026-{m:02d}-01", "00:00") for m in range(1, 13)]
    total = sum(
        on_time_ratio(cases, start=a, end=b, now=NOW).denominator
        for a, b in zip(months, months[1:], strict=False)
    )
    assert total == sum(1 for c in cases if handling_decision(c, now=NOW) is not None)


# --- the same fixture written through the services and read by the selectors ------------


def _seed_fixture(agencies):
    """Cases C1–C13 of the table (and C11 in another ward), through the services."""
    submit = services.feedback_submit

    def case(received, **overrides):
        return submit(actor=None, data=conduct_data(**overrides), at=received)

    def answer(sub, when):
        return services.feedback_answer(
            actor=None, feedback=sub.feedback, answer="Phường đã trả lời đầy đủ nội dung.", at=when
        )

    def rate(sub, rating, when):
        services.feedback_rate(feedback=sub.feedback, rating=rating, secret=sub.secret, at=when)

    c1 = case(at("2026-02-09"))
    answer(c1, at("2026-03-05", "10:00"))
    rate(c1, "like", at("2026-03-06"))
    c2 = case(at("2026-03-02"), subject="dossier", dossier_code=DOSSIER, agency="")
    answer(c2, at("2026-03-20", "10:00"))
    rate(c2, "dislike", at("2026-03-25"))
    c3 = case(at("2026-03-04"))
    answer(c3, at("2026-03-27", "10:00"))
    rate(c3, "like", at("2026-03-30"))
    case(at("2026-03-02"))  # C4
    answer(case(at("2026-03-16")), at("2026-04-02", "10:00"))  # C5
    case(at("2026-03-16"))  # C6
    for refused in (at("2026-03-03"), at("2026-03-10")):  # C7, C8
        services.feedback_refuse(
            actor=None,
            feedback=case(at("2026-03-02")).feedback,
            reason="out_of_scope",
            note="Không thuộc thẩm quyền của phường.",
            at=refused,
        )
    question = "Xin cho biết thời gian cụ thể."
    c9 = case(at("2026-03-02"))
    services.feedback_request_info(
        actor=None, feedback=c9.feedback, question=question, at=at("2026-03-04", "10:00")
    )
    c10 = case(at("2026-03-02"))
    services.feedback_request_info(
        actor=None, feedback=c10.feedback, question=question, at=at("2026-03-04", "10:00")
    )
    services.feedback_provide_info(
        feedback=c10.feedback,
        reply="Sáng ngày 10 tháng 2 năm 2026.",
        secret=c10.secret,
        at=at("2026-03-11", "10:00"),
    )
    answer(c10, at("2026-03-27", "10:00"))
    rate(c10, "like", at("2026-04-02"))
    c11 = case(at("2026-03-02"), agency="hbt-minh-khai")  # another ward
    answer(c11, at("2026-03-30", "10:00"))
    rate(c11, "dislike", at("2026-03-31"))
    c12 = case(at("2026-02-02"))
    answer(c12, at("2026-02-27", "10:00"))
    rate(c12, "like", at("2026-03-02"))
    services.feedback_repeat(  # C13: complaint about the same dossier as C2
        feedback=c2.feedback,
        content="Hồ sơ của tôi vẫn chưa được giải quyết, tôi không đồng ý với câu trả lời.",
        secret=c2.secret,
        at=at("2026-03-26"),
    )
    return {"c2": c2, "c10": c10}


@pytest.mark.django_db
def test_selectors_over_the_seeded_fixture_give_the_same_figures(
    demo_org, user_named, known_dossiers
):
    from motcua.feedback.selectors import (
        dossier_codes_with_complaints,
        feedback_indicators,
        feedback_indicators_for,
    )

    known_dossiers[DOSSIER] = demo_org["hbt-bach-dang"]
    seeded = _seed_fixture(demo_org)
    # The clock puts the limits where the table says
    seeded["c10"].feedback.refresh_from_db()
    assert seeded["c10"].feedback.handle_due == close("2026-03-30")
    march = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    ward = feedback_indicators_for(agency=demo_org["hbt-bach-dang"], period=march, now=NOW)
    assert (ward.on_time.numerator, ward.on_time.denominator) == (4, 6)
    assert str(ward.on_time) == "66.67%"
    assert (ward.satisfaction.numerator, ward.satisfaction.denominator) == (3, 4)
    assert str(ward.satisfaction) == "75.00%"
    assert ward.complaints == 1
    # The district sees its wards: Minh Khai's late answer and dislike are added
    district = feedback_indicators(
        user=user_named("lanhdao.hbt"), agency=demo_org["hbt"], period=march, now=NOW
    )
    assert str(district.on_time) == "57.14%"  # 4 / 7
    assert str(district.satisfaction) == "60.00%"  # 3 / 5
    # An empty period is n/a, not zero
    empty = feedback_indicators_for(
        agency=demo_org["hbt-bach-dang"], period=(dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    )
    assert str(empty.on_time) == "n/a"
    assert str(empty.satisfaction) == "n/a"
    # The dossier of C2 has a complaint (the dislike, and the repeat C13)
    assert dossier_codes_with_complaints(demo_org["hbt-bach-dang"], march) == {DOSSIER}
    assert dossier_codes_with_complaints(demo_org["hbt-minh-khai"], march) == set()


@pytest.mark.django_db
def test_indicators_of_a_ward_are_not_open_to_another_ward(demo_org, user_named):
    from django.http import Http404

    from motcua.feedback.selectors import feedback_indicators

    with pytest.raises(Http404):
        feedback_indicators(
            user=user_named("motcua.minhkhai"),
            agency=demo_org["hbt-bach-dang"],
            period=(dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
        )
