"""Pure parts: the VietQR format, references, signatures, amounts in words, statement files."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.payments.gateways.signing import canonical_query, sign, verify
from motcua.payments.references import reference_find, reference_new, reference_valid
from motcua.payments.statement_files import (
    StatementError,
    parse_amount,
    read_csv,
    read_statement,
)
from motcua.payments.vietqr import (
    VietQRError,
    crc16_ccitt_false,
    tlv_parse,
    vietqr_parse,
    vietqr_payload,
)
from motcua.payments.words import money_words

# A VietQR string published with an open-source generator's documentation: 120,000 đ to
# account 0011001932418 at VietinBank (BIN 970415), purpose "ung ho lu lut".
PUBLISHED = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA5303704"
    "54061200005802VN62170813ung ho lu lut6304C15C"
)


def test_crc16_ccitt_false_matches_the_standard_check_value():
    # Given the catalogue check string of CRC-16/CCITT-FALSE
    # Then its CRC is 0x29B1, and an empty input leaves the initial value
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    assert crc16_ccitt_false(b"") == 0xFFFF


def test_the_crc_of_a_published_vietqr_string_is_recomputed_exactly():
    # Given a published VietQR string
    # When its CRC is computed over everything up to and including "6304"
    computed = crc16_ccitt_false(PUBLISHED[:-4].encode("ascii"))
    # Then it is the four hex digits the string ends with
    assert f"{computed:04X}" == PUBLISHED[-4:] == "C15C"


def test_our_builder_writes_the_published_string_byte_for_byte():
    # Given the same transfer (bank, account, amount, purpose)
    payload = vietqr_payload(
        bank_bin="970415", account_number="0011001932418", amount=120000, purpose="ung ho lu lut"
    )
    # Then the payload is identical to the published one
    assert payload == PUBLISHED


def test_a_payment_code_reads_back_field_by_field():
    # Given a dynamic code for 15,000 đ with our reference as bill number and purpose
    payload = vietqr_payload(
        bank_bin="970436",
        account_number="0451000123456",
        amount=15000,
        bill_number="MC7K3QX9ZP2A",
        purpose="MC7K3QX9ZP2A NOP PHI",
    )
    # When a banking app's parser reads it
    data = vietqr_parse(payload)
    # Then every field is where the EMVCo / NAPAS profile puts it
    assert data.format_indicator == "01"
    assert data.initiation == "12"
    assert data.dynamic
    assert data.guid == "A000000727"
    assert (data.bank_bin, data.account_number) == ("970436", "0451000123456")
    assert data.service_code == "QRIBFTTA"
    assert data.currency == "704"
    assert data.amount == 15000
    assert data.country == "VN"
    assert data.bill_number == "MC7K3QX9ZP2A"
    assert data.purpose.startswith("MC7K3QX9ZP2A")
    # And the root objects come in the documented order, the CRC last
    assert [tag for tag, _ in tlv_parse(payload)] == [
        "00",
        "01",
        "38",
        "53",
        "54",
        "58",
        "62",
        "63",
    ]


def test_a_changed_character_is_caught_by_the_crc():
    # Given a valid payload whose amount is altered by one digit
    payload = vietqr_payload(bank_bin="970436", account_number="123", amount=15000)
    forged = payload.replace("540515000", "540516000")
    # Then reading it fails on the CRC
    with pytest.raises(VietQRError, match="CRC"):
        vietqr_parse(forged)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bank_bin": "97043", "account_number": "1", "amount": 1}, "BIN"),
        ({"bank_bin": "970436", "account_number": "12-34", "amount": 1}, "tài khoản"),
        ({"bank_bin": "970436", "account_number": "1", "amount": 0}, "Số tiền"),
        ({"bank_bin": "970436", "account_number": "1", "amount": 1.5}, "nguyên"),
        ({"bank_bin": "970436", "account_number": "1", "amount": 1, "purpose": "Lệ phí"}, "ASCII"),
    ],
)
def test_values_that_cannot_go_into_a_code_are_refused(kwargs, message):
    with pytest.raises(VietQRError, match=message):
        vietqr_payload(**kwargs)


ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    amount=st.integers(min_value=1, max_value=10**12),
    account=st.text(alphabet=ALNUM, min_size=1, max_size=19),
    purpose=st.text(alphabet=ALNUM + " ", max_size=25).map(str.strip),
)
def test_any_transfer_round_trips(amount, account, purpose):
    payload = vietqr_payload(
        bank_bin="970415", account_number=account, amount=amount, purpose=purpose
    )
    data = vietqr_parse(payload)
    assert (data.amount, data.account_number, data.purpose) == (amount, account, purpose)


def test_references_are_unique_looking_and_self_checking():
    # Given a thousand fresh references
    refs = {reference_new() for _ in range(1000)}
    # Then they are all different, valid, and 12 characters of the safe alphabet
    assert len(refs) == 1000
    assert all(reference_valid(r) and len(r) == 12 and r.startswith("MC") for r in refs)
    # And a single changed character is detected by the check character
    ref = next(iter(refs))
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    changed = ref[:5] + alphabet[(alphabet.index(ref[5]) + 1) % 32] + ref[6:]
    assert not reference_valid(changed)


def test_a_reference_is_found_in_what_banks_do_to_descriptions():
    ref = reference_new()
    # Given descriptions mangled as bank statements show them
    for text in (
        f"{ref} NOP PHI",
        f"IBFT {ref.lower()} nop phi ho so",
        f"MBVCB.123456.{ref}.CT tu 0123 NGUYEN VAN AN",
        f"TRAN THI B chuyen tien{ref}",
    ):
        # Then the reference is found
        assert reference_find(text) == ref, text
    # And a description without a valid one gives None
    assert reference_find("MC0000000000 thanh toan") in (None, "MC0000000000")
    assert reference_find("chuyen tien hoc phi") is None


def test_signatures_cover_every_parameter_and_only_the_right_secret_verifies():
    params = {"b": "2", "a": "x y", "empty": "", "sb_SecureHash": "ignored"}
    exclude = frozenset({"sb_SecureHash"})
    # Sorted, URL-encoded, empty values and the signature left out
    assert canonical_query(params, exclude=exclude) == "a=x+y&b=2"
    signature = sign(params, secret="s3cret", exclude=exclude)
    assert len(signature) == 128  # SHA-512 in hex
    assert verify(params, secret="s3cret", signature=signature, exclude=exclude)
    assert not verify(params, secret="other", signature=signature, exclude=exclude)
    assert not verify({**params, "b": "3"}, secret="s3cret", signature=signature, exclude=exclude)
    assert not verify(params, secret="s3cret", signature="", exclude=exclude)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5000, "Năm nghìn đồng"),
        (15000, "Mười lăm nghìn đồng"),
        (24000, "Hai mươi tư nghìn đồng"),
        (21000, "Hai mươi mốt nghìn đồng"),
        (105000, "Một trăm linh năm nghìn đồng"),
        (200000, "Hai trăm nghìn đồng"),
        (1005000, "Một triệu không trăm linh năm nghìn đồng"),
        (2_500_000_000, "Hai tỷ năm trăm triệu đồng"),
    ],
)
def test_amounts_in_words(amount, words):
    assert money_words(amount) == words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("15.000", 15000),
        ("15,000", 15000),
        ("15000", 15000),
        ("15000.00", 15000),
        ("1.250.000 đ", 1250000),
        ("-8.000", -8000),
        (8000.0, 8000),
        (8000, 8000),
    ],
)
def test_statement_amounts_in_the_ways_banks_write_them(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize("bad", ["15.5", "abc", "", 15.5, True])
def test_amounts_that_are_not_whole_dong_are_refused(bad):
    with pytest.raises(ValueError):  # noqa: PT011
        parse_amount(bad)


def test_a_csv_statement_with_a_title_block_and_vietnamese_headings_is_read():
    # Given a bank's CSV with two title lines, Vietnamese headings and a semicolon separator
    content = (
        "SAO KE TAI KHOAN 0451000123456;;;\n"
        "Tu ngay 01/03/2026 den ngay 31/03/2026;;;\n"
        "Ngày giao dịch;Số tiền ghi có;Nội dung;Mã giao dịch\n"
        "09/03/2026 10:15;24.000;MC7K3QX9ZP2A NOP PHI;FT26068001\n"
        "09/03/2026;abc;sai so tien;FT26068002\n"
        ";;;\n"
    ).encode()
    lines = read_csv(content)
    # Then the lines below the headings are read, blank ones skipped, problems noted
    assert [(x.row, x.amount, x.bank_txn_id) for x in lines] == [
        (4, 24000, "FT26068001"),
        (5, None, "FT26068002"),
    ]
    assert lines[0].booked_on == dt.date(2026, 3, 9)
    assert "số tiền" in lines[1].error


def test_an_xlsx_statement_is_read_like_a_csv():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Amount", "Description", "Transaction ID"])
    sheet.append([dt.datetime(2026, 3, 9, 10, 0), 24000, "MC7K3QX9ZP2A", "FT1"])
    out = io.BytesIO()
    book.save(out)
    (line,) = read_statement(out.getvalue())
    assert (line.booked_on, line.amount, line.description, line.bank_txn_id) == (
        dt.date(2026, 3, 9),
        24000,
        "MC7K3QX9ZP2A",
        "FT1",
    )


def test_a_file_without_the_needed_columns_is_refused_with_the_columns_named():
    with pytest.raises(StatementError, match="ngày, số tiền, nội dung"):
        read_csv(b"a,b,c\n1,2,3\n")
