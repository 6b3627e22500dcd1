"""Phone and e-mail quality end to end: the real command on a real CSV file, each row one change
away from a clean row, and the clean rows beside them (a 0161 number, a landline in Téléphone, a
family on its landline, a company's own domain) left alone."""
from __future__ import annotations

HEADER = "Nom;Prénom;Type client;Téléphone;Portable;E-mail;Opt-in e-mail;Opt-in SMS;Opt-in téléphone"
CONSENT = ";Oui;Oui;Oui"
LINES = [line + CONSENT for line in (
    "Roux;Anne;Professionnel;01 61 22 33 44;06 12 34 56 78;anne.roux@boulangerie-roux.fr",  # row 2: clean
    "Petit;Paul;Particulier;01 62 12 34 56;;paul.petit@gmail.com",                          # row 3: NPV
    "Durand;Léa;Particulier;0800 12 34 56;;lea.durand@orange.fr",                            # row 4: toll-free
    "Martin;Marc;Particulier;+44 20 7946 0958;;marc.martin@free.fr",                         # row 5: foreign
    "Leroy;Zoé;Particulier;;01 61 12 34 56;zoe.leroy@sfr.fr",                               # row 6: landline for SMS
    "Moreau;Luc;Particulier;04 91 00 00 01;;luc.moreau@gmial.com",                           # row 7: typo
    "Garcia;Eva;Professionnel;01 44 55 66 77;;eva@acme.fr",                                  # rows 8-10: switchboard
    "Blanc;Max;Professionnel;+33 1 44 55 66 77;;max@acme.fr",
    "Faure;Inès;Professionnel;0144556677;;ines@acme.fr",
    "Lopez;Jean;Particulier;02 40 11 22 33;07 81 22 33 44;jean.lopez@orange.com",             # row 11: clean
    "Lopez;Marie;Particulier;02 40 11 22 33;;marie.lopez@wanadoo.fr",                        # row 12: clean (family)
)]
NEW_RULES = {"phone-npv-prefix", "phone-special-number", "phone-foreign", "phone-sms-not-mobile", "phone-shared",
             "email-typo-domain"}


def test_each_rule_finds_its_row_and_nothing_else(cli, tmp_path):
    source = tmp_path / "prospects.csv"
    source.write_bytes(("\r\n".join([HEADER, *LINES]) + "\r\n").encode("utf-8"))
    run = cli("audit", str(source), "--as-of", "2026-11-28", "--lang", "en")
    assert "Traceback" not in run.stderr and run.code in (0, 1), run.stderr
    side = [f for f in run.side() if f["rule"] in NEW_RULES]
    assert sorted((f["rule"], f["row"]) for f in side) == [
        ("email-typo-domain", 7), ("phone-foreign", 5), ("phone-npv-prefix", 3),
        ("phone-shared", 8), ("phone-shared", 9), ("phone-shared", 10),
        ("phone-sms-not-mobile", 6), ("phone-special-number", 4)]
    details = {f["rule"]: f["detail"] for f in side}
    assert details["email-typo-domain"] == "did you mean gmail.com?"
    assert details["phone-shared"] == "number shared by 3 persons"
    assert details["phone-foreign"].startswith("country code +44")
    for finding in side:  # the report shows the cell masked, never as written (a whole-file finding: none)
        assert not finding["value"] or finding["value"] not in LINES[finding["row"] - 2].split(";")
    clean = (run.out_dir / "prospects.clean.csv").read_text(encoding="utf-8")
    assert "luc.moreau@gmial.com" in clean  # a suggestion only: the address is kept as it was
