"""Pure logic: fees, process budgets, search normalisation, e-form schemas."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.budget import StepBudget, budget_check, process_total_hours
from motcua.catalog.eform import eform_fields, eform_parse, eform_schema_errors, eform_validate
from motcua.catalog.fees import FeeError, FeeRuleSpec, FeeTier, fee_compute, tier_parse
from motcua.catalog.text import normalise, within_one_edit

CERTIFIED_COPY = [
    FeeRuleSpec(kind="per_page", tiers=tier_parse("1-2:2000; 3-:1000"), cap_per_copy=200_000)
]


@pytest.mark.parametrize(("pages", "amount"), [(1, 2000), (2, 4000), (3, 5000), (250, 200_000)])
def test_certified_copy_fee_per_page_with_tiers_and_cap(pages, amount):
    assert fee_compute(CERTIFIED_COPY, {"pages": pages}) == amount


def test_several_copies_multiply_the_capped_price_of_one():
    assert fee_compute(CERTIFIED_COPY, {"pages": 3, "copies": 4}) == 20_000
    assert fee_compute(CERTIFIED_COPY, {"pages": 250, "copies": 3}) == 600_000


def test_fixed_per_copy_and_exempt_rules_add_up():
    rules = [
        FeeRuleSpec(kind="fixed", amount=10_000),
        FeeRuleSpec(kind="per_copy", amount=8000),
        FeeRuleSpec(kind="exempt"),
    ]
    assert fee_compute(rules, {"copies": 3}) == 34_000
    assert fee_compute([FeeRuleSpec(kind="exempt")], {}) == 0  # on-time birth registration


@pytest.mark.parametrize("quantities", [{"pages": 0}, {"copies": -1}, {"copies": "2"}])
def test_impossible_quantities_are_refused_in_vietnamese(quantities):
    with pytest.raises(FeeError) as error:
        fee_compute(CERTIFIED_COPY, quantities)
    assert "số nguyên từ 1" in str(error.value)


@given(st.integers(1, 5000), st.integers(1, 50))
def test_certified_copy_fee_is_monotone_and_capped(pages, copies):
    one = fee_compute(CERTIFIED_COPY, {"pages": pages})
    assert one <= 200_000
    assert one <= fee_compute(CERTIFIED_COPY, {"pages": pages + 1})
    assert fee_compute(CERTIFIED_COPY, {"pages": pages, "copies": copies}) == one * copies


def test_tiers_without_an_upper_bound_are_read_and_priced():
    assert tier_parse("1-2:2000; 3-:1000") == (FeeTier(1, 2, 2000), FeeTier(3, None, 1000))


def test_parallel_branches_count_their_longest_and_hours_convert():
    steps = [
        StepBudget(Decimal("0.5"), "working_days"),
        StepBudget(Decimal("1.5"), "working_days", "A"),
        StepBudget(Decimal("12"), "working_hours", "A"),
        StepBudget(Decimal("2"), "working_hours"),
    ]
    assert process_total_hours(steps) == Decimal(4 + 12 + 2)


def test_budget_over_committed_limit_is_flagged_even_within_the_legal_one():
    steps = [StepBudget(Decimal(3), "working_days")]
    assert not budget_check(steps, limit=5, unit="working_days").over
    check = budget_check(
        steps, limit=5, unit="working_days", committed_limit=2, committed_unit="working_days"
    )
    assert check.over
    assert check.against == "committed"
    assert check.limit_days == 2


def test_domain_example_33_days_against_30_is_over():
    steps = [StepBudget(Decimal(d), "working_days") for d in (1, 10, 10, 6, 3, 2, 1)]
    check = budget_check(steps, limit=30, unit="working_days")
    assert check.over
    assert check.total_days == Decimal(33)


def test_normalise_strips_diacritics_and_d_stroke():
    assert normalise("Đăng ký KHAI SINH") == "dang ky khai sinh"
    assert normalise("Chứng thực bản sao từ bản chính") == "chung thuc ban sao tu ban chinh"
    assert normalise("1.001193 – Hộ tịch") == "1.001193 ho tich"


def test_one_edit_distance_used_by_the_sqlite_typo_correction():
    assert within_one_edit("sinhh", "sinh")
    assert within_one_edit("sau", "sao")
    assert within_one_edit("dng", "dang")
    assert within_one_edit("dnag", "dnag")
    assert not within_one_edit("sao", "sinh")
    assert not within_one_edit("dnag", "dang")


BIRTH = {
    "type": "object",
    "required": ["ten", "ngay_sinh", "gioi_tinh"],
    "properties": {
        "ten": {"type": "string", "title": "Họ và tên", "maxLength": 10},
        "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày sinh"},
        "gioi_tinh": {"type": "string", "title": "Giới tính", "enum": ["Nam", "Nữ"]},
        "so_ban": {"type": "integer", "title": "Số bản"},
        "can_nang": {"type": "number", "title": "Cân nặng (kg)"},
        "dung_han": {"type": "boolean", "title": "Đúng hạn"},
        "cccd": {"type": "string", "title": "Số định danh", "pattern": "^[0-9]{12}$"},
    },
}


def test_eform_validation_gives_cleaned_typed_values():
    cleaned, errors = eform_validate(
        BIRTH,
        {
            "ten": " An ",
            "ngay_sinh": "19/05/2023",
            "gioi_tinh": "Nữ",
            "so_ban": "2",
            "can_nang": "3,2",
            "dung_han": "on",
            "cccd": "001090012345",
        },
    )
    assert errors == {}
    assert cleaned == {
        "ten": "An",
        "ngay_sinh": "2023-05-19",
        "gioi_tinh": "Nữ",
        "so_ban": 2,
        "can_nang": 3.2,
        "dung_han": True,
        "cccd": "001090012345",
    }


def test_eform_validation_names_each_field_in_vietnamese():
    _cleaned, errors = eform_validate(
        BIRTH,
        {
            "ten": "Nguyễn Văn Thành",
            "ngay_sinh": "31/02/2023",
            "gioi_tinh": "Khác",
            "so_ban": "hai",
            "can_nang": "x",
            "cccd": "123",
        },
    )
    assert errors["ten"] == ["Họ và tên: tối đa 10 ký tự (hiện có 16)."]
    assert "ngày/tháng/năm" in errors["ngay_sinh"][0]
    assert "trong danh sách" in errors["gioi_tinh"][0]
    assert "số nguyên" in errors["so_ban"][0]
    assert "nhập một số" in errors["can_nang"][0]
    assert "định dạng" in errors["cccd"][0]
    _cleaned, errors = eform_validate(BIRTH, {})
    assert errors["ten"] == ["Họ và tên: không được để trống."]


@pytest.mark.parametrize(
    ("schema", "needle"),
    [
        ([], "đối tượng JSON"),
        ({"type": "array"}, '"object"'),
        ({"type": "object", "properties": {"x": {"type": "date"}}}, "string, integer"),
        ({"type": "object", "properties": {"x": {"type": "string", "format": "email"}}}, "date"),
        ({"type": "object", "properties": {"x": {"type": "string", "minimum": 1}}}, "minimum"),
        ({"type": "object", "properties": {"x": {"type": "integer", "enum": ["a"]}}}, "enum"),
        ({"type": "object", "properties": {"x": {"type": "string", "pattern": "("}}}, "pattern"),
        ({"type": "object", "properties": {}, "required": ["y"]}, '"y"'),
        ({"type": "object", "properties": {"tên có dấu": {"type": "string"}}}, "tên trường"),
    ],
)
def test_unsupported_schemas_are_refused_with_the_reason(schema, needle):
    errors = eform_schema_errors(schema)
    assert any(needle in e for e in errors), errors


def test_schema_text_parses_and_renders_fields_in_order():
    import json

    schema, errors = eform_parse(json.dumps(BIRTH, ensure_ascii=False))
    assert not errors
    assert schema is not None
    fields = eform_fields(schema)
    assert [f.name for f in fields][:3] == ["ten", "ngay_sinh", "gioi_tinh"]
    assert [f.input_type for f in fields] == [
        "text",
        "date",
        "select",
        "number",
        "number",
        "checkbox",
        "text",
    ]
    assert fields[0].required
    assert not fields[3].required
    assert eform_parse("{")[1][0].startswith("Không phải JSON hợp lệ")
