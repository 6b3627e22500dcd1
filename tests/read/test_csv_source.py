"""Loading CSV/TSV/TXT files: encodings, delimiters, quoting, ragged rows and row numbers, as a user sees them."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fichier_check.errors import UserError
from fichier_check.read.source import open_table
from fichier_check.table import LoadOptions

DATA = Path(__file__).parent / "data" / "load"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "testdata"


def write(tmp_path: Path, data: bytes, name: str = "prospects.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def load(path: Path, **options):
    """(source, rows as lists of str, spreadsheet row numbers)."""
    source = open_table(path, LoadOptions(**options))
    chunks = list(source.chunks())
    rows = [row for chunk in chunks for row in chunk.frame.values.tolist()]
    numbers = [n for chunk in chunks for n in chunk.row_numbers.tolist()]
    return source, rows, numbers


def refused(path: Path, **options) -> UserError:
    with pytest.raises(UserError) as caught:
        source = open_table(path, LoadOptions(**options))
        for _ in source.chunks():
            pass
    return caught.value


# --- encodings -------------------------------------------------------------------------------

FRENCH = "Nom;Société;Commentaire\r\nDupont;L’Œuvre;coût 12 € — cœur\r\nMüller;Ça;élève\r\n"


@pytest.mark.parametrize("codec, bom, expected", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8"),
    ("cp1252", b"", "cp1252"),
    ("utf-16-le", b"\xff\xfe", "utf-16-le"),
    ("utf-16-be", b"\xfe\xff", "utf-16-be"),
])
def test_each_encoding_is_detected_and_decoded(tmp_path, codec, bom, expected):
    path = write(tmp_path, bom + FRENCH.encode(codec))
    source, rows, _ = load(path)
    assert (source.format.encoding, source.format.bom) == (expected, bool(bom))
    assert source.header == ["Nom", "Société", "Commentaire"]
    assert rows == [["Dupont", "L’Œuvre", "coût 12 € — cœur"], ["Müller", "Ça", "élève"]]


def test_cp1252_is_preferred_to_latin1_so_quotes_euro_and_oe_are_right(tmp_path):
    path = write(tmp_path, "Nom;Note\r\nL’Hôte;5 € œuvre Œ\r\n".encode("cp1252"))
    source, rows, _ = load(path)
    assert source.format.encoding == "cp1252"
    assert rows == [["L’Hôte", "5 € œuvre Œ"]]
    assert "cp1252" in source.format.detection


def test_bytes_undefined_in_cp1252_make_it_latin1(tmp_path):
    path = write(tmp_path, b"a;b\r\n\x81x;\xe9\r\n")
    source, rows, _ = load(path)
    assert source.format.encoding == "latin-1"
    assert rows == [["\x81x", "é"]]


def test_utf16_excel_unicode_text_export_is_tab_separated(tmp_path):
    text = "Nom\tTéléphone\r\nDupont\t0612345678\r\n"
    source, rows, _ = load(write(tmp_path, b"\xff\xfe" + text.encode("utf-16-le"), "export.txt"))
    assert (source.format.encoding, source.format.delimiter) == ("utf-16-le", "\t")
    assert rows == [["Dupont", "0612345678"]]


def test_utf16_without_bom_is_recognised_by_its_zero_bytes(tmp_path):
    source, rows, _ = load(write(tmp_path, "a;b\r\n1;é\r\n".encode("utf-16-le")))
    assert (source.format.encoding, source.format.bom) == ("utf-16-le", False)
    assert rows == [["1", "é"]]


def test_utf8_with_a_few_stray_cp1252_bytes_is_refused_at_the_first_bad_line(tmp_path):
    data = "Nom;Ville\r\nDupont;Montréal\r\nDurand;Paris\r\n".encode() + b"Martin;Orl\xe9ans\r\n"
    error = refused(write(tmp_path, data))
    assert error.line == 4
    assert "0xE9" in error.message and "mixes two encodings" in error.message
    assert "--encoding" in error.hint


def test_cp1252_with_one_accidental_utf8_sequence_is_still_cp1252(tmp_path):
    lines = ["Nom;Ville"] + [f"Dupont{i};Orléans" for i in range(40)] + ["Ã©tonnant;x"]
    source, rows, _ = load(write(tmp_path, "\r\n".join(lines).encode("cp1252")))
    assert source.format.encoding == "cp1252"
    assert rows[0] == ["Dupont0", "Orléans"] and rows[-1] == ["Ã©tonnant", "x"]


def test_encoding_option_overrides_detection(tmp_path):
    path = write(tmp_path, "a;b\r\nx;é\r\n".encode("utf-8"))
    source, rows, _ = load(path, encoding="latin-1")
    assert source.format.encoding == "latin-1"
    assert rows == [["x", "Ã©"]]
    assert "--encoding" in source.format.detection


def test_encoding_option_that_cannot_decode_the_file_names_the_line(tmp_path):
    error = refused(write(tmp_path, b"a;b\r\nx;y\r\nz;\xe9\r\n"), encoding="utf-8")
    assert error.line == 3 and "0xE9" in error.message


def test_unknown_encoding_option_is_a_user_error(tmp_path):
    error = refused(write(tmp_path, b"a;b\r\n"), encoding="klingon")
    assert "unknown encoding" in error.message


# --- delimiters, sep= line, line endings -------------------------------------------------------

@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_each_delimiter_is_detected(tmp_path, delimiter):
    data = delimiter.join(["Nom", "Prénom", "Ville"]) + "\n" + delimiter.join(["Dupont", "Jean", "Lyon"]) + "\n"
    source, rows, _ = load(write(tmp_path, data.encode()))
    assert source.format.delimiter == delimiter
    assert rows == [["Dupont", "Jean", "Lyon"]]


def test_semicolon_with_decimal_commas_beats_comma(tmp_path):
    data = b"Nom;Montant;Taux\r\nDupont;1,5;0,2\r\nDurand;12,75;3\r\nMartin;0;1,25\r\n"
    source, rows, _ = load(write(tmp_path, data))
    assert source.format.delimiter == ";"
    assert rows[0] == ["Dupont", "1,5", "0,2"]


@pytest.mark.parametrize("word, delimiter", [("tab", "\t"), ("\\t", "\t"), ("semicolon", ";"),
                                             ("comma", ","), ("pipe", "|"), ("|", "|")])
def test_delimiter_option_accepts_words(tmp_path, word, delimiter):
    source, _, _ = load(write(tmp_path, b"a;b,c\n1;2,3\n"), delimiter=word)
    assert source.format.delimiter == delimiter


@pytest.mark.parametrize("bad", ["ab", '"', "\n"])
def test_delimiter_option_must_be_one_usable_character(tmp_path, bad):
    error = refused(write(tmp_path, b"a;b\n"), delimiter=bad)
    assert "invalid delimiter" in error.message


def test_excel_sep_line_sets_the_delimiter_and_is_not_the_header(tmp_path):
    source, rows, numbers = load(write(tmp_path, b"sep=,\r\nNom,Ville\r\nDupont,Lyon\r\n"))
    assert (source.format.delimiter, source.format.sep_line) == (",", True)
    assert source.header == ["Nom", "Ville"]
    assert rows == [["Dupont", "Lyon"]] and numbers == [2]


def test_only_one_column_with_other_candidates_in_the_header_warns(tmp_path):
    source, _, _ = load(write(tmp_path, b"Nom;Ville\nDupont;Lyon\n"), delimiter=",")
    assert len(source.header) == 1
    assert any("only one column" in w and "--delimiter" in w for w in source.warnings)


@pytest.mark.parametrize("terminator", ["\r\n", "\n", "\r"])
def test_line_terminator_is_detected(tmp_path, terminator):
    source, rows, _ = load(write(tmp_path, terminator.join(["a;b", "1;2", "3;4", ""]).encode()))
    assert source.format.line_terminator == terminator
    assert rows == [["1", "2"], ["3", "4"]]


def test_mixed_line_endings_parse_and_the_dominant_one_is_kept(tmp_path):
    source, rows, numbers = load(write(tmp_path, b"a;b\r\n1;2\r\n3;4\n5;6\r7;8\r\n"))
    assert source.format.line_terminator == "\r\n"
    assert rows == [["1", "2"], ["3", "4"], ["5", "6"], ["7", "8"]]
    assert numbers == [2, 3, 4, 5]


def test_final_newline_bom_and_quote_all_are_recorded(tmp_path):
    source, _, _ = load(write(tmp_path, b'\xef\xbb\xbf"a";"b"\r\n"1";"2"'))
    assert (source.format.bom, source.format.quote_all, source.format.final_newline) == (True, True, False)
    minimal, _, _ = load(write(tmp_path, b'a;"b"\r\n1;2\r\n', "minimal.csv"))
    assert (minimal.format.quote_all, minimal.format.final_newline) == (False, True)


# --- cells are text, exactly -----------------------------------------------------------------

def test_cells_are_kept_exactly_as_text(tmp_path):
    data = ("Tel;SIRET;A;B;C;D;E;F;G;H\r\n"
            "0612345678;01234567800012;NA;NULL;None;#N/A;nan;; x ;00.10\r\n").encode()
    source, rows, _ = load(write(tmp_path, data))
    assert rows == [["0612345678", "01234567800012", "NA", "NULL", "None", "#N/A", "nan", "", " x ", "00.10"]]
    frame = next(source.chunks()).frame
    assert list(frame.columns) == list(range(10))
    assert not frame.isna().any().any()
    assert all(type(v) is str for v in frame.iloc[0])


def test_header_names_are_kept_even_duplicate_empty_or_after_a_bom(tmp_path):
    source, rows, _ = load(write(tmp_path, b"\xef\xbb\xbfNom;;Nom; T\xc3\xa9l \r\nA;B;C;D\r\n"))
    assert source.header == ["Nom", "", "Nom", " Tél "]
    assert rows == [["A", "B", "C", "D"]]


def test_quoted_cells_hold_delimiters_quotes_and_newlines(tmp_path):
    data = b'Nom;Commentaire;Ville\r\nDupont;"dit ""oui""; rappeler\r\nlundi";Lyon\r\nDurand;ok;Paris\r\n'
    _, rows, numbers = load(write(tmp_path, data))
    assert rows == [["Dupont", 'dit "oui"; rappeler\r\nlundi', "Lyon"], ["Durand", "ok", "Paris"]]
    assert numbers == [2, 3]  # the two-line cell is one row, the next row is row 3


def test_blank_lines_are_not_rows_but_are_counted(tmp_path):
    _, rows, numbers = load(write(tmp_path, b"a;b\r\n1;2\r\n\r\n\r\n3;4\r\n\r\n"))
    assert rows == [["1", "2"], ["3", "4"]]
    assert numbers == [2, 5]


def test_blank_lines_before_the_header_move_it_down(tmp_path):
    source, rows, numbers = load(write(tmp_path, b"\n\n\na,b,c\n1,2,3\n"))
    assert source.header == ["a", "b", "c"] and source.header_row == 4
    assert rows == [["1", "2", "3"]] and numbers == [5]


def test_a_line_of_bare_delimiters_is_a_row_of_empty_cells(tmp_path):
    _, rows, numbers = load(write(tmp_path, b"a;b\r\n;\r\n1;2\r\n"))
    assert rows == [["", ""], ["1", "2"]] and numbers == [2, 3]


def test_nul_bytes_are_kept_in_the_cell(tmp_path):
    _, rows, _ = load(write(tmp_path, b"a;b\r\nDu\x00pont;2\r\n"))
    assert rows == [["Du\x00pont", "2"]]


@pytest.mark.skipif(not SHARED.exists(), reason="shared test data not present")
def test_the_shared_nul_byte_file_is_processed_with_its_nul(tmp_path):
    source, rows, numbers = load(SHARED / "naughty" / "naughty_nul_byte.csv")
    assert len(rows) == 5 and numbers == [2, 3, 4, 5, 6]
    assert rows[2][source.header.index("Nom")] == "Dupont\x00Martin"


def test_a_field_longer_than_pythons_csv_limit_is_read_whole(tmp_path):
    long = "x" * 140_000
    _, rows, _ = load(write(tmp_path, f'a;b\r\n1;"{long}"\r\n2;{long}\r\n'.encode()))
    assert rows == [["1", long], ["2", long]]


def test_a_record_larger_than_an_arrow_block_is_read_by_the_exact_reader(tmp_path, monkeypatch):
    monkeypatch.setattr("fichier_check.read.csv_source.ARROW_BLOCK_SIZE", 1024)
    long = "é" * 5000
    _, rows, numbers = load(write(tmp_path, f'a;b\r\n1;2\r\n3;"{long}\r\n"\r\n5;6\r\n'.encode()))
    assert rows == [["1", "2"], ["3", long + "\r\n"], ["5", "6"]] and numbers == [2, 3, 4]


# --- ragged rows, quotes ------------------------------------------------------------------------

def ragged(path: Path, **options) -> dict[int, int]:
    """Row number → field count of the rows the reader marked malformed."""
    source = open_table(path, LoadOptions(**options))
    return {int(chunk.row_numbers[p]): n for chunk in source.chunks() for p, n in (chunk.ragged or {}).items()}


def test_short_rows_are_padded_and_marked_malformed(tmp_path):
    path = write(tmp_path, b"a;b;c\r\n1;2\r\n4;5;6\r\n7\r\n")
    source, rows, _ = load(path)
    assert rows == [["1", "2", ""], ["4", "5", "6"], ["7", "", ""]]
    assert ragged(path) == {2: 2, 4: 1}
    assert source.warnings == []  # the malformed-row rule reports them, row by row


def test_extra_fields_holding_text_are_joined_into_the_last_cell_and_marked_malformed(tmp_path):
    """Nothing of the line is lost: the quarantine file gets it whole."""
    path = write(tmp_path, b"a;b;c\r\n1;2;3\r\n4;5;6;rappeler; jeudi\r\n7;8;9\r\n")
    _, rows, numbers = load(path)
    assert rows == [["1", "2", "3"], ["4", "5", "6;rappeler; jeudi"], ["7", "8", "9"]]
    assert numbers == [2, 3, 4]
    assert ragged(path) == {3: 5}


def test_trailing_empty_fields_are_dropped_with_a_warning(tmp_path):
    source, rows, _ = load(write(tmp_path, b"a;b\r\n1;2;;\r\n3;4\r\n"))
    assert rows == [["1", "2"], ["3", "4"]]
    assert source.warnings == ["1 row had more fields than the header, all empty (line 2): "
                               "the extra empty fields were dropped"]


def test_one_malformed_row_in_many_is_not_a_reason_to_refuse_the_file(tmp_path):
    lines = ["a;b;c"] + ["1;2;3"] * 200 + ["1;2;3;oops"] * 10 + ["1;2"] * 10
    assert len(ragged(write(tmp_path, "\r\n".join(lines).encode()))) == 20


def test_a_file_where_malformed_rows_are_many_is_refused_naming_the_first(tmp_path):
    """More than 10 rows and more than 10 % of them: the delimiter or the encoding is wrong."""
    lines = ["a;b;c"] + ["1;2;3"] * 90 + ["1;2;3;oops", "1;2;3"] + ["1,2,3"] * 10
    error = refused(write(tmp_path, "\r\n".join(lines).encode()))
    assert error.line == 92
    assert error.message == ("11 of 102 rows do not have the header's 3 fields (the first: line 92, 4 fields): "
                             "the delimiter or the encoding is probably wrong")
    assert "--delimiter" in error.hint


def test_eleven_malformed_rows_in_a_hundred_and_ten_are_tolerated(tmp_path):
    lines = ["a;b;c"] + ["1;2;3"] * 99 + ["1;2"] * 11
    assert len(ragged(write(tmp_path, "\r\n".join(lines).encode()))) == 11


def test_a_multi_line_row_with_extra_fields_is_malformed_too(tmp_path):
    path = write(tmp_path, b'a;b\r\n1;"x\r\ny";z\r\n3;4\r\n')
    _, rows, numbers = load(path)
    assert rows == [["1", "x\r\ny;z"], ["3", "4"]] and numbers == [2, 3]
    assert ragged(path) == {2: 3}


def test_unclosed_quote_is_refused_at_the_line_where_it_opened(tmp_path):
    error = refused(write(tmp_path, b'a;b\r\n1;2\r\n3;"quatre\r\n5;6\r\n7;8\r\n'))
    assert error.line == 3
    assert "never closed" in error.message


def test_quotes_inside_an_unquoted_cell_are_literal(tmp_path):
    _, rows, _ = load(write(tmp_path, b'a;b\r\nEcran 27";Soci\xc3\xa9t\xc3\xa9 "Les Amis"\r\n'))
    assert rows == [['Ecran 27"', 'Société "Les Amis"']]


# --- what is not a CSV file -----------------------------------------------------------------------

def test_empty_file_is_refused(tmp_path):
    assert refused(write(tmp_path, b"")).message == "file is empty"
    assert refused(write(tmp_path, b"\xef\xbb\xbf\r\n\r\n", "bom.csv")).message == "file is empty"


def test_header_only_file_has_no_rows(tmp_path):
    source, rows, _ = load(write(tmp_path, b"Nom;Ville\r\n"))
    assert source.header == ["Nom", "Ville"] and rows == []


def test_binary_file_is_refused(tmp_path):
    error = refused(write(tmp_path, bytes(range(256)) * 8))
    assert error.message == "binary file, not CSV text"


def test_xlsx_renamed_csv_is_refused_with_what_to_do(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    error = refused(write(tmp_path, buffer.getvalue()))
    assert "XLSX workbook" in error.message and error.hint == "rename it .xlsx"


def test_any_zip_renamed_csv_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("prospects.csv", "a;b\n")
    assert "zip archive" in refused(write(tmp_path, buffer.getvalue())).message


def test_missing_file_is_a_user_error(tmp_path):
    assert "cannot read" in refused(tmp_path / "absent.csv").message


# --- the two readers --------------------------------------------------------------------------

REGULAR = [
    b"a;b;c\r\n1;2;3\r\n4;5;6\r\n7;8;9\r\n10;11;12\r\n13;14;15\r\n16;17;18\r\n19;20;21",
    b'a;b\n"x\r\ny";"q""q"\n"";" "\nNA;NULL\n\xc3\xa9;\x00\n"a;b";c\n',
    b"sep=;\r\nNom;Ville\r\nDupont;Lyon\r\nDurand;Paris\r\n",
    b'"Nom","Ville"\r\n"Dupont","Lyon"\r\n"Du""rand","Pa\nris"\r\n',
    b"\xef\xbb\xbfa,b\r1,2\r3,4\r",
]


@pytest.mark.parametrize("data", REGULAR)
def test_fast_and_exact_readers_give_identical_chunks(tmp_path, data):
    source = open_table(write(tmp_path, data), LoadOptions(chunk_rows=2))
    fast, exact = list(source.fast_chunks()), list(source.exact_chunks())
    assert len(fast) == len(exact) > 0
    for one, other in zip(fast, exact):
        pd.testing.assert_frame_equal(one.frame, other.frame)
        np.testing.assert_array_equal(one.row_numbers, other.row_numbers)
        np.testing.assert_array_equal(one.line_numbers, other.line_numbers)
        assert one.row_numbers.dtype == one.line_numbers.dtype == np.int64


@pytest.mark.parametrize("data", [b"a;b\n1;2\n;\n3;4\n", b"a\n1\n\n2\n", b"a;b\n1;2\n\n3;4\n", b"a;b;c\n;;\n"])
def test_rows_with_every_cell_empty_read_as_the_exact_reader_reads_them(tmp_path, data):
    source = open_table(write(tmp_path, data), LoadOptions(chunk_rows=2))
    read = pd.concat([c.frame for c in source.chunks()], ignore_index=True)
    numbers = np.concatenate([c.row_numbers for c in open_table(write(tmp_path, data), LoadOptions(chunk_rows=2)).chunks()])
    exact = list(open_table(write(tmp_path, data), LoadOptions(chunk_rows=2)).exact_chunks())
    pd.testing.assert_frame_equal(read, pd.concat([c.frame for c in exact], ignore_index=True))
    np.testing.assert_array_equal(numbers, np.concatenate([c.row_numbers for c in exact]))


@pytest.mark.skipif(not SHARED.exists(), reason="shared test data not present")
def test_fast_and_exact_readers_agree_on_the_naughty_strings():
    source = open_table(SHARED / "naughty" / "naughty_prospects.csv", LoadOptions(chunk_rows=100))
    fast = pd.concat([c.frame for c in source.fast_chunks()], ignore_index=True)
    exact = pd.concat([c.frame for c in source.exact_chunks()], ignore_index=True)
    pd.testing.assert_frame_equal(fast, exact)


def test_irregular_row_after_some_chunks_hands_over_to_the_exact_reader(tmp_path):
    lines = ["a;b"] + [f"{i};x" for i in range(10)] + ["", "tail;y", "short"]
    source, rows, numbers = load(write(tmp_path, "\n".join(lines).encode()), chunk_rows=3)
    assert len(rows) == 12
    assert numbers == list(range(2, 12)) + [13, 14]
    assert rows[-1] == ["short", ""]
    assert ragged(write(tmp_path, "\n".join(lines).encode()), chunk_rows=3) == {14: 1}


def test_chunks_respect_chunk_rows_and_can_be_read_again(tmp_path):
    data = "a;b\n" + "".join(f"{i};{i}\n" for i in range(10))
    source = open_table(write(tmp_path, data.encode()), LoadOptions(chunk_rows=4))
    first = [len(c.frame) for c in source.chunks()]
    second = [c.row_numbers.tolist() for c in source.chunks()]
    assert first == [4, 4, 2]
    assert second == [[2, 3, 4, 5], [6, 7, 8, 9], [10, 11]]


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir()))
def test_fixture_files_load(name):
    source, rows, _ = load(DATA / name)
    assert source.header[:2] == ["Civilité", "Nom"]
    assert rows and all(len(r) == len(source.header) for r in rows)


def test_a_regular_file_never_needs_the_exact_reader(tmp_path, monkeypatch):
    def no_exact(self, skip=0):
        raise AssertionError("the exact reader was used")
    monkeypatch.setattr("fichier_check.read.csv_source.CsvSource.exact_chunks", no_exact)
    for index, data in enumerate(REGULAR):
        _, rows, _ = load(write(tmp_path, data, f"regular{index}.csv"), chunk_rows=2)
        assert rows


def test_an_all_empty_row_is_found_whichever_column_is_filled_elsewhere():
    import pyarrow as pa
    from fichier_check.read.csv_rows import _has_all_empty_row

    def batch(*columns):
        return pa.RecordBatch.from_arrays([pa.array(c) for c in columns], names=[f"f{i}" for i in range(len(columns))])

    assert _has_all_empty_row(batch(["a", "", "c"], ["x", "", ""], ["", "", "z"]))
    assert not _has_all_empty_row(batch(["a", "", ""], ["", "y", ""], ["", "", "z"]))
    assert not _has_all_empty_row(batch(["a", "b"], ["", ""]))
    assert not _has_all_empty_row(batch([], []))
    assert _has_all_empty_row(batch([""]))
