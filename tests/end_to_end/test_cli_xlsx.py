"""XLSX end to end: a real workbook in, a real workbook out, types kept where nothing changed."""
from __future__ import annotations

import datetime as dt

import openpyxl


def workbook(path, rows, title="Prospects"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.create_sheet("Notes").append(["rien"])
    book.save(path)


HEADER = ["Nom", "Type client", "Téléphone", "E-mail", "Opt-in e-mail", "Date dernier contact", "Commentaire"]


def test_xlsx_is_audited_and_written_back_as_xlsx(cli, tmp_path):
    workbook(tmp_path / "p.xlsx", [
        HEADER,
        ["Durand", "B2B", "01 42 68 53 00", "lea@durand.fr", "Oui", dt.date(2026, 10, 2), "RDV"],
        ["Martin", "Particulier", "06 12 34 56 78", "paul@free.fr", "Non", dt.date(2026, 9, 1), "En arrêt maladie"],
        ["Petit", "B2B", 142685300, "jean@petit.fr", "Oui", None, ""],
    ])
    run = cli("audit", str(tmp_path / "p.xlsx"), "--as-of", "2026-11-28", "--lang", "en")
    assert run.code == 1, run.stderr
    findings = run.findings("p")
    assert ("sensitive-term", 3) in findings and ("email-optin-missing", 3) in findings
    clean = openpyxl.load_workbook(run.out_dir / "p.clean.xlsx").active
    rows = list(clean.iter_rows(values_only=True))
    assert rows[0][:7] == tuple(HEADER)
    assert rows[1][5] in (dt.datetime(2026, 10, 2), dt.date(2026, 10, 2))  # a date stays a date
    assert rows[1][:5] == ("Durand", "B2B", "01 42 68 53 00", "lea@durand.fr", "Oui")
    report = run.report("p")
    assert report["input"]["format"] == "xlsx" and report["input"]["sheet"] == "Prospects"


def test_a_phone_stored_as_a_number_is_reported_not_fixed(cli, tmp_path):
    workbook(tmp_path / "n.xlsx", [["Nom", "Type client", "Téléphone"]] + [[f"N{i}", "B2B", 142685300 + i] for i in range(5)])
    run = cli("audit", str(tmp_path / "n.xlsx"), "--lang", "en")
    report = run.report("n")
    assert any("number" in w.lower() for w in report["warnings"]), report["warnings"]
    clean = openpyxl.load_workbook(run.out_dir / "n.clean.xlsx").active
    assert [r[2] for r in clean.iter_rows(min_row=2, values_only=True)] == [142685300 + i for i in range(5)]


def test_sheet_option_picks_another_sheet(cli, tmp_path):
    workbook(tmp_path / "s.xlsx", [HEADER, ["Durand", "B2B", "01 42 68 53 00", "", "", None, ""]])
    run = cli("audit", str(tmp_path / "s.xlsx"), "--sheet", "Notes")
    assert run.code == 0, run.stderr
    assert run.report("s")["input"]["sheet"] == "Notes"


def test_columns_command_prints_the_mapping(cli, tmp_path):
    (tmp_path / "c.csv").write_bytes("Tél. fixe;GSM;Courriel;Typologie;Remarques\r\n".encode("cp1252"))
    run = cli("columns", str(tmp_path / "c.csv"))
    assert run.code == 0, run.stderr
    for header, role in [("Tél. fixe", "phone"), ("GSM", "mobile"), ("Courriel", "email"),
                         ("Typologie", "customer_type"), ("Remarques", "comment")]:
        assert any(header in line and role in line for line in run.stdout.splitlines()), (header, run.stdout)
    assert "cp1252" in run.stdout
