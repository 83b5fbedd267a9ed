"""issue 18 item 4: domain/protect.py masks every mention of a protected person or place, whatever its title,
case, spacing or possessive, and nothing inside another word."""

from __future__ import annotations

import pytest

from mappa_desk.domain import protect
from mappa_desk.domain.model import ProtectedPerson

WORDS = {"withheld_name": "[name withheld]", "withheld_place": "[place withheld]", "withheld_other": "[withheld]"}
LIST = [ProtectedPerson("Dawn Keilloch", "victim", "Dawnie; D.K."), ProtectedPerson("4 Kirk Wynd", "address"),
        ProtectedPerson("Ann", "child"), ProtectedPerson("Mary-Jane O'Hara", "partner"),
        ProtectedPerson("Glenbervie Primary School", "school"), ProtectedPerson("The Bothy", "other")]


def mask(text: str, spare=()) -> str:
    return protect.mask(text, LIST, WORDS, spare)


@pytest.mark.parametrize("text", [
    "Dawn Keilloch", "dawn keilloch", "DAWN KEILLOCH", "Ms Dawn Keilloch", "ms. dawn keilloch", "Mrs Keilloch",
    "Miss Dawn", "Mx Keilloch", "Dr. Keilloch", "Dawn\nKeilloch", "Dawn \t\n  Keilloch", "Dawn Keilloch's",
    "Dawn Keilloch’s", "Keilloch", "keilloch's", "Dawn", "Dawnie", "dawnie’s", "D.K.", "Keillochs'",
])
def test_a_person_is_masked_in_every_form(text):
    assert mask(f"Seen by {text} today.") == "Seen by [name withheld] today."


@pytest.mark.parametrize("text", ["4 Kirk Wynd", "4 kirk wynd", "4  Kirk\nWynd", "4 KIRK WYND's", "4, Kirk Wynd"])
def test_a_place_is_masked_as_a_whole_entry(text):
    assert mask(f"She lives at {text}.") == "She lives at [place withheld]."


def test_a_place_is_not_masked_by_its_parts_nor_inside_another_address():
    assert mask("Kirk Wynd, 14 Kirk Wynd and the kirk") == "Kirk Wynd, 14 Kirk Wynd and the kirk"
    assert mask("glenbervie primary\nschool") == "[place withheld]"
    assert mask("Meet at the bothy, not Bothy Road") == "Meet at [withheld], not Bothy Road"


def test_never_inside_another_word():
    assert mask("Annual review of Ann, Anne and Joanna; Dawning") == \
        "Annual review of [name withheld], Anne and Joanna; Dawning"
    assert mask("Keillochson") == "Keillochson"


def test_hyphens_and_apostrophes_in_names():
    for text in ("Mary-Jane O'Hara", "Mary Jane O’Hara", "mary - jane o'hara", "Mary-Jane", "O'Hara's", "Jane"):
        assert mask(f"[{text}]") == "[[name withheld]]", text
    assert mask("Ann-Marie") == "[name withheld]-Marie"  # a hyphen is a word's edge


def test_the_full_name_is_masked_once_not_part_by_part():
    assert mask("Ms Dawn Keilloch and Ann") == "[name withheld] and [name withheld]"


def test_the_individuals_own_names_are_spared_as_name_parts_alone():
    listed = [ProtectedPerson("Liam Drumlachie", "child")]
    text = "Calum Drumlachie's son Liam Drumlachie (Liam)"
    assert protect.mask(text, listed, WORDS, spare=["Calum", "Drumlachie"]) == \
        "Calum Drumlachie's son [name withheld] ([name withheld])"
    assert protect.mask(text, listed, WORDS) == \
        "Calum [name withheld] son [name withheld] ([name withheld])"


def test_a_kind_not_recorded_is_masked_as_a_person_and_an_empty_list_changes_nothing():
    assert protect.mask("Sam Tait and Tait", [ProtectedPerson("Sam Tait")], WORDS) == \
        "[name withheld] and [name withheld]"
    assert protect.mask("Sam Tait", [], WORDS) == "Sam Tait"
    assert not protect.masker([], WORDS)


def test_the_masker_is_made_once_per_list():
    assert protect.masker(LIST, WORDS) is protect.masker(list(LIST), dict(WORDS))


def test_a_document_block_masking_does_not_know_is_refused_not_passed_on():
    from dataclasses import dataclass

    from mappa_desk.documents import masking
    from mappa_desk.documents.model import Document, PageBreak, PageMarks, Paragraph

    @dataclass(frozen=True)
    class Caption:  # a block kind added one day, with text in it
        text: str

    mask = protect.masker([protect.Entry("Sarah Lennox", "victim")],
                          {"withheld_name": "[name withheld]", "withheld_place": "[place withheld]",
                           "withheld_other": "[withheld]"})
    marks = PageMarks("OFFICIAL", "Sarah Lennox", "1 May 2026")
    known = masking.masked(Document("T", "S", marks, (Paragraph("Sarah Lennox"), PageBreak())), mask)
    assert known.blocks[0].text == "[name withheld]" and known.marks.identity == "[name withheld]"
    with pytest.raises(TypeError):
        masking.masked(Document("T", "S", marks, (Caption("Sarah Lennox"),)), mask)
