"""payment-data-in-cell: a payment card number (Luhn key, an issuer's prefix) or an IBAN (ISO 13616
check digits) in any cell is masked; order numbers, SIRETs, phones, dates and barcodes pass."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st
from stdnum import luhn

from fichier_check.analysis.payment import find_payment
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("payment-data-in-cell")


def card(prefix: str, length: int = 16, filler: str = "0123456789") -> str:
    """An invented card number of that issuer prefix and length, with its valid Luhn key."""
    body = (prefix + filler * 2)[:length - 1]
    return body + luhn.calc_check_digit(body)


def wrong_key(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def fours(number: str, sep: str = " ") -> str:
    return sep.join(number[i:i + 4] for i in range(0, len(number), 4))


VISA = card("4970")
MASTERCARD = card("5312")
AMEX = card("3782", 15)
IBAN_FR = "FR76 3000 6000 0112 3456 7890 189"  # the check digits of the ISO 13616 example
IBAN_DE = "DE89 3704 0044 0532 0130 00"


@pytest.mark.parametrize("cell", [
    f"Payé par CB {VISA}", f"carte {fours(VISA)} exp 12/27", fours(MASTERCARD, "-"), f"CB {VISA} 12/27",
    f"{AMEX[:4]} {AMEX[4:10]} {AMEX[10:]}", AMEX, card("4970", 19), card("2221"), card("6011"), card("3528"),
])
def test_card_numbers_with_a_valid_key_are_flagged(cell):
    assert flagged_rows(RULE, Commentaire=["RAS", cell]) == [3]


@pytest.mark.parametrize("cell", [
    f"IBAN : {IBAN_FR}", IBAN_FR.replace(" ", ""), f"RIB {IBAN_DE} merci", IBAN_FR.lower(),
])
def test_ibans_with_valid_check_digits_are_flagged(cell):
    assert flagged_rows(RULE, Commentaire=[cell]) == [2]


@pytest.mark.parametrize("cell", [
    f"Commande n° {wrong_key(VISA)}",           # card-shaped, key fails: an order number
    f"Facture {fours(wrong_key(MASTERCARD))}",
    "SIRET 443 061 841 00047", "44306184100047",  # 14 digits, Luhn-valid by design: never a card
    card("3612", 14),                            # a 14-digit Diners number has a SIRET's length
    card("4006", 13),                            # 13 digits: an EAN barcode (4: Germany), no card
    card("0033", 16), card("9250", 16),          # no issuer starts with 0 or 9 (a phone, a loyalty card)
    card("8612", 15), card("3512", 15),          # 15 digits: only American Express (34, 37); an IMEI passes
    "06 12 34 56 78 / 01 42 68 53 00", "+33 6 12 34 56 78", "0033612345678",
    "RDV 12/12/2026 à 14h", "Rappeler le 2026-12-17", f"REF{VISA}", f"{VISA}X",
    wrong_key(IBAN_FR), "FR76 3000 6000 0112 3456 789",  # wrong check digits, too short for France
    "Devis 4 970 101 234 567 890 €",             # groups of three: an amount, not a card's layout
])
def test_numbers_that_are_not_payment_data_pass(cell):
    assert flagged_rows(RULE, Commentaire=[cell]) == []


def test_any_column_is_read_but_phones_and_company_ids():
    assert flagged_rows(RULE, Nom=["Durand", "Roux"], RIB=["", IBAN_FR], Divers=[VISA, ""]) == [2, 3]
    assert flagged_rows(RULE, Téléphone=[VISA], SIRET=[VISA], Portable=[VISA], SIREN=[VISA]) == []


def test_the_number_is_masked_in_the_cell_and_the_rest_kept():
    todo, _ = decisions(RULE, Commentaire=[f"CB {fours(VISA)} exp 12/27", f"IBAN {IBAN_FR}, ok"])
    assert todo.edits == {(0, 0): "CB •••• •••• •••• •••• exp 12/27",
                          (1, 0): "IBAN FR•• •••• •••• •••• •••• •••• •••, ok"}


def test_the_report_gives_the_kind_never_a_digit():
    found = findings(RULE, Commentaire=[f"Mme Durand CB {VISA}", f"IBAN {IBAN_FR} et CB {fours(MASTERCARD)}"])
    assert [f.detail for f in found] == ["card number (Luhn)", "IBAN (FR), card number (Luhn)"]
    for finding in found:
        assert not any(ch.isdigit() for ch in finding.value + finding.detail), finding.value
        assert "Durand" not in finding.value


def test_a_nir_is_left_to_the_nir_rules_and_stays_masked_with_a_card():
    nir = "2 84 05 69 123 456 40"
    assert flagged_rows(RULE, Commentaire=[f"sécu {nir}"]) == []
    todo, _ = decisions(shipped("nir"), extra_rules=[RULE], Commentaire=[f"sécu {nir} CB {VISA}"])
    assert todo.edits == {(0, 0): "sécu 2 •• •• •• ••• ••• •• CB ••••••••••••••••"}


def test_a_comment_emptied_by_another_rule_stays_empty():
    todo, _ = decisions(shipped("criminal-terms-in-comment"), extra_rules=[RULE],
                        Commentaire=[f"sorti de prison, CB {VISA}"])
    assert todo.edits == {(0, 0): ""}


def test_a_file_without_payment_data_runs_the_rule_and_finds_nothing():
    assert skipped_reasons(RULE, Nom=["Durand"]) == [] and flagged_rows(RULE, Nom=["Durand"]) == []


def test_cells_across_chunks_and_repeated_values():
    assert flagged_rows(RULE, Commentaire=[VISA, "x", VISA, IBAN_DE, ""], chunk_rows=2) == [2, 4, 5]


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[0-9]{13,14}", fullmatch=True))
def test_thirteen_and_fourteen_digits_are_never_cards(digits):
    assert find_payment(digits) == [] and find_payment(f"n° {digits[:3]} {digits[3:6]} {digits[6:]}") == []


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"(4[0-9]|5[1-5]|6[0-9])[0-9]{13}", fullmatch=True))
def test_a_found_card_always_has_a_valid_key(body):
    number = body + luhn.calc_check_digit(body)
    assert [p.kind for p in find_payment(number)] == ["card"]
    assert find_payment(wrong_key(number)) == []


def test_a_cell_of_thousands_of_digit_groups_is_read_once_through_and_its_card_found():
    # a card number is at most 5 printed groups: a cell of 8,000 groups (the old search tried every
    # ending for every start, hours for such a cell) ends with a card that is still found
    from fichier_check.analysis.payment import find_payment
    found = find_payment("4970 " * 8000 + "réf. 4111 1111 1111 1111")
    assert [(item.kind, item.end) for item in found] == [("card", 40024)]
