"""A suppression list that would protect nothing is refused: empty, nothing recognised, or more than
half of its entry lines rejected; a few rejected lines pass (the reports name them)."""
from __future__ import annotations

import pytest

from fichier_check.analysis.list_guard import ListSource, judge
from fichier_check.errors import UserError


def source(entries: int, rejected: int, emails: int = 0, phones: int = 0, hashes: int = 0, header: bool = False,
           kind: str = "opposition") -> ListSource:
    lines = tuple(range(2, 2 + min(rejected, 10)))
    return ListSource(kind, f"{kind}.txt", "", entries + header, header, entries, emails, phones, hashes,
                      rejected, lines)


def refusal(listed: ListSource) -> UserError:
    with pytest.raises(UserError) as caught:
        judge(listed)
    return caught.value


def test_an_empty_list_is_refused_and_told_to_leave_the_option_out():
    error = refusal(source(0, 0))
    assert error.path == "opposition.txt" and "empty" in error.message
    assert "--opposition expects one e-mail address, phone number or SHA-256" in error.hint
    assert "leave out --opposition" in error.hint


def test_a_header_alone_is_refused_as_holding_nothing():
    assert "only a header" in refusal(source(0, 0, header=True)).message


def test_a_list_where_nothing_is_recognised_is_refused_at_its_first_rejected_line():
    error = refusal(source(3, 3))
    assert error.line == 2 and "no e-mail address, phone number or SHA-256" in error.message


@pytest.mark.parametrize("entries, rejected, refused", [
    (2, 1, False), (3, 1, False), (100, 50, False), (100, 51, True), (3, 2, True), (509, 508, True)])
def test_more_than_half_of_the_entry_lines_rejected_is_refused(entries, rejected, refused):
    listed = source(entries, rejected, emails=entries - rejected)
    if refused:
        error = refusal(listed)
        assert f"{rejected} of the {entries} lines of the opposition list are rejected" in error.message
        assert error.line == 2
    else:
        judge(listed)


def test_the_refusal_names_at_most_ten_lines_and_says_there_are_more():
    assert "lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11…)" in refusal(source(40, 30, phones=10)).message


def test_every_list_option_is_judged_alike_and_named_by_its_option():
    error = refusal(source(5, 5, kind="bloctel"))
    assert "bloctel list" in error.message and "--bloctel expects" in error.hint
