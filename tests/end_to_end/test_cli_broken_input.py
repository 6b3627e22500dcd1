"""Broken and hostile input through the real command: processed correctly, or refused with one
clear line (file, line, what to do), exit 2, no traceback, no output left, input untouched."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest


def refused(run, *needles: str) -> None:
    assert run.code == 2, (run.code, run.stderr, run.stdout)
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert not run.out_dir.exists() or not any(run.out_dir.iterdir()), list(run.out_dir.iterdir())


def write(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_empty_file_is_refused(cli, tmp_path):
    refused(cli("audit", str(write(tmp_path, "vide.csv", b""))), "vide.csv", "empty")


def test_header_only_file_gives_empty_outputs(cli, tmp_path):
    run = cli("audit", str(write(tmp_path, "entete.csv", "Nom;Téléphone\r\n")))
    assert run.code == 0, run.stderr
    assert (run.out_dir / "entete.clean.csv").read_bytes() == "Nom;Téléphone\r\n".encode()
    assert run.report("entete")["input"]["rows"] == 0


def test_binary_file_is_refused(cli, tmp_path):
    refused(cli("audit", str(write(tmp_path, "image.csv", bytes(range(256)) * 8))), "image.csv")


def test_zip_renamed_csv_is_refused_with_a_hint(cli, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    refused(cli("audit", str(write(tmp_path, "archive.csv", buffer.getvalue()))), "archive.csv")


def test_unclosed_quote_names_the_line(cli, tmp_path):
    data = 'Nom;Commentaire\r\nDurand;"ok"\r\nMartin;"pas fermé\r\nPetit;x\r\n'
    refused(cli("audit", str(write(tmp_path, "quote.csv", data))), "quote.csv:3")


def test_a_row_with_too_many_fields_is_quarantined_whole_and_the_others_kept(cli, tmp_path):
    data = ("Nom;Téléphone;Commentaire\r\nDurand;01 42 68 53 00;ok\r\n"
            "Martin;01 42 68 53 01;rappeler; jeudi\r\nPetit;01 42 68 53 02\r\n")
    source = write(tmp_path, "ragged.csv", data)
    run = cli("audit", str(source), "--channel", "post", "--fail-on", "never")
    assert run.code == 0, run.stderr
    quarantine = (run.out_dir / "ragged.quarantine.csv").read_text(encoding="utf-8").splitlines()
    assert quarantine[1].startswith('Martin;01 42 68 53 01;"rappeler; jeudi";malformed-row;')
    assert quarantine[2].startswith("Petit;01 42 68 53 02;;malformed-row;")
    clean = (run.out_dir / "ragged.clean.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(";")[0] for line in clean] == ["Nom", "Durand"]
    entry = next(f for f in run.report("ragged")["findings"] if f["rule"] == "malformed-row")
    assert entry["count"] == 2 and entry["action"] == "quarantine"
    assert [(e["row"], e["line"], e["detail"]) for e in entry["examples"]] == [
        (3, 3, "4 fields, the header has 3"), (4, 4, "2 fields, the header has 3")]
    assert source.read_bytes() == data.encode("utf-8")


def test_a_file_whose_rows_mostly_have_another_field_count_is_refused(cli, tmp_path):
    data = "Nom;Téléphone\r\n" + "".join(f"Nom{i};01 42 68 53 0{i % 10};x\r\n" for i in range(20))
    refused(cli("audit", str(write(tmp_path, "decale.csv", data))), "decale.csv:2", "20 of 20 rows", "--delimiter")


def test_corrupt_xlsx_is_refused(cli, tmp_path):
    refused(cli("audit", str(write(tmp_path, "casse.xlsx", b"PK\x03\x04" + b"\x00" * 100))), "casse.xlsx")


def test_password_protected_xlsx_is_refused_with_a_hint(cli, tmp_path):
    data = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 512
    refused(cli("audit", str(write(tmp_path, "secret.xlsx", data))), "secret.xlsx", "password")


def test_unknown_sheet_lists_the_sheets(cli, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Prospects"
    book.active.append(["Nom", "Téléphone"])
    book.save(tmp_path / "classeur.xlsx")
    refused(cli("audit", str(tmp_path / "classeur.xlsx"), "--sheet", "Feuil9"), "Prospects")


def test_missing_opposition_list_is_refused(cli, tmp_path):
    path = write(tmp_path, "p.csv", "Nom;Type client;Téléphone\r\nDurand;B2B;01 42 68 53 00\r\n")
    refused(cli("audit", str(path), "--opposition", str(tmp_path / "absent.txt")), "absent.txt")


def test_bad_config_key_names_file_and_line(cli, tmp_path):
    path = write(tmp_path, "p.csv", "Nom;Type client;Téléphone\r\nDurand;B2B;01 42 68 53 00\r\n")
    config = write(tmp_path, "fichier-check.yaml", "lang: fr\nfail_onn: warning\n")
    refused(cli("audit", str(path), "--config", str(config)), "fichier-check.yaml:2", "fail_onn")


def test_config_is_found_from_the_current_folder(cli, tmp_path):
    path = write(tmp_path, "p.csv", "Nom;Type client;Téléphone\r\nDurand;B2B;01 23\r\n")
    write(tmp_path, "fichier-check.yaml", "fail_on: warning\n")
    assert cli("audit", str(path), cwd=tmp_path).code == 1


def test_unwritable_out_dir_is_refused(cli, tmp_path):
    path = write(tmp_path, "p.csv", "Nom;Type client;Téléphone\r\nDurand;B2B;01 42 68 53 00\r\n")
    blocker = write(tmp_path, "not-a-folder", b"x")
    run = cli("audit", str(path), "--out-dir", str(blocker / "out"))
    assert run.code == 2 and "Traceback" not in run.stderr and "not-a-folder" in run.stderr


def test_input_folder_as_out_dir_never_overwrites_the_input(cli, tmp_path):
    path = write(tmp_path, "p.csv", "Nom;Type client;Téléphone\r\nDurand;B2B;01 42 68 53 00\r\n")
    before = path.read_bytes()
    run = cli("audit", str(path), "--out-dir", str(tmp_path))
    assert run.code == 0 and path.read_bytes() == before
    assert (tmp_path / "p.clean.csv").exists()


def test_output_name_that_would_overwrite_the_input_is_refused(cli, tmp_path):
    (tmp_path / "out").mkdir()
    path = write(tmp_path / "out", "p.clean.csv", "Nom;Type client;Téléphone\r\nDurand;B2B;01 42 68 53 00\r\n")
    (tmp_path / "out" / "p.csv").symlink_to(path)
    run = cli("audit", str(tmp_path / "out" / "p.csv"), "--out-dir", str(tmp_path / "out"))
    assert run.code == 2 and "Traceback" not in run.stderr
    assert path.read_bytes().startswith("Nom;Type client;Téléphone".encode())


def test_na_like_values_stay_text(cli, tmp_path):
    # consumer rows: "NULL", "#N/A" and a blank are no company (a professional row would be customer-type-inconsistent)
    data = "Nom;Société;Type client\r\nNA;NULL;Particulier\r\nNone;#N/A;Particulier\r\nnan;;Particulier\r\n"
    run = cli("audit", str(write(tmp_path, "na.csv", data)))
    assert (run.out_dir / "na.clean.csv").read_bytes() == data.encode()


def test_sep_line_written_by_excel_is_kept(cli, tmp_path):
    data = "sep=;\r\nNom;Type client;Téléphone\r\nDurand;B2B;01 42 68 53 00\r\n"
    run = cli("audit", str(write(tmp_path, "sep.csv", data)))
    assert run.code == 0, run.stderr
    assert (run.out_dir / "sep.clean.csv").read_bytes() == data.encode()


def test_terminal_output_does_not_interpret_markup_or_escapes(cli, tmp_path):
    data = "Nom;Type client;Téléphone;Commentaire\r\n[bold red]X[/bold red];B2B;\x1b[31m01 23;\"malade\x1b]8;;http://x\x07\"\r\n"
    run = cli("audit", str(write(tmp_path, "esc.csv", data)), "--show-values")
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout
    assert "<U+001B>" in run.stdout


@pytest.mark.parametrize("encoding", ["utf-16"])
def test_excel_unicode_text_export_is_read(cli, tmp_path, encoding):
    data = "Nom\tType client\tTéléphone\r\nLéa\tB2B\t01 42 68 53 00\r\n"
    path = write(tmp_path, "unicode.txt", data.encode(encoding))
    run = cli("audit", str(path))
    assert run.code == 0, run.stderr
    assert (run.out_dir / "unicode.clean.txt").read_bytes() == data.encode(encoding)
    assert run.report("unicode")["input"]["delimiter"] == "\t"


def test_without_the_malformed_row_rule_a_malformed_row_refuses_the_file_as_before(cli, tmp_path):
    """Its cells sit under the wrong headers: nothing else may let it into the cleaned file."""
    data = "Nom;Type client;E-mail;Opt-in e-mail\r\nA;B2B;a@acme.fr;oui\r\nC;B2B;06 11 22 33 44\r\n"
    config = tmp_path / "fichier-check.yaml"
    config.write_text("disable: [malformed-row]\n", encoding="utf-8")
    refused(cli("audit", str(write(tmp_path, "mal.csv", data)), "--config", str(config)),
            "line 3 has 3 fields", "malformed-row")
