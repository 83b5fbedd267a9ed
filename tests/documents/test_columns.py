"""Column widths shared by the PDF and DOCX renderers (documents/columns.py): a date or short value is never
broken inside a word, in the two shapes the demo's version-4 records showed it was."""

from __future__ import annotations

from mappa_desk.documents import columns


def _measure(word: str, bold: bool) -> float:
    return 6.0 * len(word)  # a monospaced stand-in: each character 6 points


def test_a_cell_of_several_short_lines_sets_its_columns_width():
    """A measure's timescale cell holds its timescale, frequency, start and review dates on lines of their own:
    more than 120 characters together, yet each line is short, so its dates keep the column wide enough."""
    cell = "\n".join(["Within four weeks of release, then monthly", "Frequency: every two weeks at first",
                      "Start date: 30 September 2026", "Review date: 15 December 2026"])
    assert len(cell) > columns.SHORT_VALUE
    least = columns.least_widths(("Measure", "By"), (("Home visits", cell),), 2, _measure, 0)
    assert least[1] >= _measure("30\u00a0September\u00a02026", False)


def test_a_long_single_line_of_prose_does_not_set_its_columns_width():
    prose = "word " * 30 + "extraordinarily"
    least = columns.least_widths(("",), ((prose,),), 1, _measure, 0)
    assert least == [0.0]


def test_when_the_least_widths_do_not_fit_the_widest_columns_give_theirs_up_first():
    """Five columns whose least widths need more than the table's room: the narrow date columns keep theirs
    (the prose columns wrap at their spaces anyway), rather than every column losing its floor."""
    relative = (3.0, 5.0, 2.0, 2.0, 6.0)
    date = _measure("20\u00a0November\u00a02026", False)
    least = [60.0, 200.0, date, date, 240.0]
    out = columns.widths(relative, 5, 500.0, least)
    assert out[2] >= date - 1e-6 and out[3] >= date - 1e-6
    assert abs(sum(out) - 500.0) < 1e-6
