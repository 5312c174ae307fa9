"""Phone numbers in free text: a corpus of what agents copy, each with what must be found.

Every snippet was written for this test: tickets, invoices, e-mail signatures and CRM records
in Italian and English, full of the numbers that are not phone numbers. The expected list is
what the panel may dial: one number is dialled at once, two or more are offered in a chooser,
none is reported.
"""

from __future__ import annotations

import pytest

from tvox_panel.phone.intext import find_phone_numbers

CORPUS: list[tuple[str, list[str]]] = [
    # -- the three cases that used to dial the wrong number ---------------------------------
    ("Ticket 4411: cliente 02 5555 1234, urgente", ["0255551234"]),
    ("Order 123456 - call 333 1234567", ["3331234567"]),
    ("P.IVA 01234567890 tel 02 1234 5678", ["0212345678"]),
    # -- tickets ------------------------------------------------------------------------------
    (
        "Ticket #88213 aperto il 12/03/2024 alle 09:41 - richiamare il cliente al 347 123 4567",
        ["3471234567"],
    ),
    (
        "[Ticket 2024-00871] Stampante guasta. Recapito: 06 9876 5432 (chiedere di Laura)",
        ["0698765432"],
    ),
    (
        "Pratica n. 0456789 - il cliente chiede di essere richiamato allo 0331 123456",
        ["0331123456"],
    ),
    ("Ticket 5521 chiuso. Nessun recapito lasciato.", []),
    (
        "Case 00912345: customer asks for a call back on +44 20 7946 0958 after 14:30",
        ["+442079460958"],
    ),
    ("Ticket 771203 / priority P2 / reopened 2024-02-11 08:15", []),
    (
        "Segnalazione 3345 del 01.02.2024 - cell. 339 8765432 oppure fisso 011 5551234",
        ["3398765432", "0115551234"],
    ),
    ("Ticket 4471 - richiamare interno 215", ["215"]),
    # -- invoices and orders ----------------------------------------------------------------
    ("Fattura n. 2024/00123 del 03/02/2024 - Importo € 1.234,56 - P.IVA 01234567890", []),
    ("Fattura 0212345678 emessa il 15/01/2024, scadenza 30 gg", []),
    ("Ordine 5512345 spedito. CAP 20121 Milano. Per info tel. 02 8888 7777", ["0288887777"]),
    ("Invoice INV-2024-0456, total EUR 2,450.00, due 2024-03-31", []),
    ("Order #1029384756 shipped to 10 Downing St, London SW1A 2AA", []),
    ("Ordine n. 88123, spedizione 3S1234567890IT, DDT 4567 del 12/03/2024", []),
    ("Codice cliente 0045123; partita IVA 09876543210; codice fiscale RSSMRA80A01H501U", []),
    ("IBAN: IT60 X054 2811 1010 0000 0123 456 - BIC BPMOIT22XXX", []),
    ("Bonifico su IT60X0542811101000000123456 entro il 31/03", []),
    ("Rif. ordine 0287654321, chiamare il magazzino allo 02 4455 6677", ["0244556677"]),
    ("Importo totale: 1.500,00 EUR (IVA 22% inclusa)", []),
    # -- e-mail signatures --------------------------------------------------------------------
    (
        "Mario Rossi\nResponsabile Acquisti\nTel. +39 02 1234 5678\nCell. +39 333 123 4567\n"
        "www.example.it",
        ["+390212345678", "+393331234567"],
    ),
    (
        "Giulia Bianchi | Ufficio Legale | T: +39 06 1234 5678 | giulia.bianchi@example.it",
        ["+390612345678"],
    ),
    (
        "Best regards,\nJohn Smith\nSales Manager\nPhone: +1 415 555 2671\nFax: +1 415 555 2672",
        ["+14155552671"],
    ),
    ("Cordiali saluti\nAnna Verdi\nTel/Fax 0521 123456\nP.IVA 01234567890", ["0521123456"]),
    (
        "--\nLuca Neri, Amministrazione\ncentralino 02 9999 0000 int. 231\n"
        "Sede legale: Via Roma 1, 20121 Milano",
        ["0299990000"],
    ),
    ("Paolo Gialli\nmob. 348 111 2233\nfax 02 3333 4444", ["3481112233"]),
    ("Sent from my phone. Reach me on 07700 900123 any time", ["07700900123"]),
    (
        "Elena Russo - Customer Care - direct line +39 011 765 4321 - office hours 9:00-18:00",
        ["+390117654321"],
    ),
    (
        "Studio Dentistico Rossi - tel 055 123456 - P.IVA 03456789012 - C.F. 80012345678",
        ["055123456"],
    ),
    # -- CRM records --------------------------------------------------------------------------
    (
        "Cliente: Bianchi Srl\nReferente: Marco\nTelefono: 02 1234 5678\nEmail: info@bianchi.it",
        ["0212345678"],
    ),
    (
        "Nome: Sara Conti; Cellulare: 3201234567; Data nascita: 12/05/1985; CAP 00184",
        ["3201234567"],
    ),
    ("Account 445566 - Contact: Laura Ferri, +39 02 8765 4321, ext 204", ["+390287654321"]),
    ("Lead #9981 - phone 0612345678 - created 2024-01-15 10:22", ["0612345678"]),
    ("Contratto 2023-0099 - POD IT001E12345678 - recapito 347 7654321", ["3477654321"]),
    ("Customer ID 77812, VAT IT01234567890, phone +39 06 5555 1234", ["+390655551234"]),
    (
        "Fornitore: Alfa Spa - tel 02 1111 2222 / 02 1111 2223 - fax 02 1111 2299",
        ["0211112222", "0211112223"],
    ),
    (
        "Pratica 2024/456 - Sig. Esposito - tel. 081 555 1234 - cell 339 555 1234",
        ["0815551234", "3395551234"],
    ),
    ("Richiamare il cliente: 333 1234567", ["3331234567"]),
    ("Matricola 004512 - interno 600", ["600"]),
    ("Interni: 600, 601 e (602)", ["600", "601", "602"]),
    ("Please call +44 20 7946 0958 to confirm the delivery on 03/04/2024", ["+442079460958"]),
    # -- plain clipboard contents -------------------------------------------------------------
    ("600", ["600"]),
    ("  +39 02 1234 5678  ", ["+390212345678"]),
    ("tel:+390212345678", ["+390212345678"]),
    ("02/12345678", ["0212345678"]),
    ("15/01/2024", []),
    ("12:30", []),
    ("1.500", []),
    ("RSSMRA80A01H501U", []),
    ("01234567890", ["01234567890"]),
    ("P.IVA 01234567890", []),
    ("CAP 20121", []),
    ("nessun numero qui", []),
    # -- texts with a date, a time and a phone number ----------------------------------------
    (
        "Appuntamento il 12/03/2024 alle ore 15.30, in caso di ritardo chiamare 02 7777 8888",
        ["0277778888"],
    ),
    ("Meeting moved to 2024-05-02 at 10:00. Dial-in: +39 02 3030 4040", ["+390230304040"]),
    ("Consegna prevista 05-06-2024; numero verde 800 123 456", ["800123456"]),
    (
        "Promemoria: scadenza 31.12.2024, contattare l'ufficio 0471 123456 entro le 12:00",
        ["0471123456"],
    ),
    ("The same number twice: 02 1234 5678 and +39 02 1234 5678", ["0212345678"]),
]


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 50


@pytest.mark.parametrize(("text", "expected"), CORPUS, ids=[t[:40] for t, _ in CORPUS])
def test_the_phone_numbers_in_each_snippet(text: str, expected: list[str]) -> None:
    assert [found.number for found in find_phone_numbers(text)] == expected
