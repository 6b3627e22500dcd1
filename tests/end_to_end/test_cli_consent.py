"""The consent rules from the command line on a real CSV: an opt-in without its proof, a customer
without a purchase, a professional on a webmail, and a robot campaign declared with
`--channel auto_call` (never a default channel); no address of the file appears in the outputs."""
from __future__ import annotations

from tests.end_to_end.test_cli_broken_input import write

PROSPECTS = (
    "Nom;Type client;Statut;Société;E-mail;Téléphone;Opt-in e-mail;Opt-in SMS;Opt-in automate;Date opt-in;"
    "Source opt-in;Date dernier achat\n"
    "Durand;Particulier;Client;;lea.durand@gmail.com;06 12 34 56 78;Oui;Oui;Oui;12/03/2025;Formulaire site;14/09/2025\n"
    "Petit;Particulier;Client;;paul.petit@free.fr;;;;;;;\n"                                   # 3: no purchase
    "Morel;Professionnel;Prospect;Morel SA;j.morel@gmail.com;01 61 23 45 67;;;;;;\n"          # 4: webmail
    "Girard;Professionnel;Prospect;Girard SARL;contact@girard-sarl.fr;01 61 23 45 68;;;;;;\n"  # 5: in order
    "Roux;Particulier;Prospect;;anne.roux@orange.fr;06 98 76 54 32;Oui;;;;Salon;\n"            # 6: no date, no robot opt-in
    "Lefèvre;Particulier;GAGNÉ;;;07 81 22 33 44;;;Oui;01/06/2025;Jeu concours;\n")             # 7: robot opt-in proved
MINE = {"optin-without-proof", "soft-optin-without-purchase", "b2b-webmail-address", "b2c-auto-call-optin-missing"}
SECRETS = ("lea.durand", "paul.petit", "j.morel", "anne.roux", "06 98 76", "0698", "07 81 22")


def test_a_robot_campaign_gets_the_consent_rules_and_no_address_is_shown(cli, tmp_path):
    prospects = write(tmp_path, "prospects.csv", PROSPECTS)
    run = cli("audit", str(prospects), "--channel", "email", "--channel", "sms", "--channel", "auto_call",
              "--as-of", "2026-11-28", "--lang", "en")
    assert run.code == 1, run.stderr
    assert {(rule, row) for rule, row in run.findings() if rule in MINE} == {
        ("soft-optin-without-purchase", 3), ("b2b-webmail-address", 4), ("optin-without-proof", 6),
        ("b2c-auto-call-optin-missing", 6)}
    details = {f["rule"]: f["detail"] for f in run.side() if f["rule"] in MINE}
    assert details["optin-without-proof"] == "no opt-in date"
    assert details["b2b-webmail-address"] == "consumer webmail domain: gmail.com"
    assert details["soft-optin-without-purchase"] == "no purchase date (soft opt-in for e-mail)"
    report = run.report()
    assert report["summary"]["reachable"]["auto_call"] == 4  # 2, 7 consented, 4, 5 are B2B; 6 blocked, 3 no phone
    shown = run.stdout + (run.out_dir / "prospects.report.json").read_text(encoding="utf-8") + \
        (run.out_dir / "prospects.report.html").read_text(encoding="utf-8")
    assert not [secret for secret in SECRETS if secret in shown]


def test_without_channel_options_robot_calls_are_not_checked(cli, tmp_path):
    run = cli("audit", str(write(tmp_path, "prospects.csv", PROSPECTS)), "--as-of", "2026-11-28", "--lang", "en")
    assert run.code == 1, run.stderr
    assert not {rule for rule, _ in run.findings()} & {"b2c-auto-call-optin-missing"}
    report = run.report()
    assert report["options"]["channels"] == ["email", "sms", "phone", "post"]
    assert "auto_call" not in report["summary"]["reachable"]
    assert "b2c-auto-call-optin-missing" in {s["rule"] for s in report["skipped_rules"]}
