"""A jurisdiction's vocabularies are data: a Testland vault takes Testland's words (an order kind, a restricted
patient order and a tribunal position Scotland does not have) and its documents print them; a Scottish vault
refuses them at every way in, with a plain sentence, and stores nothing. No code changes between the two."""

from __future__ import annotations

import dataclasses

import pytest

from mappa_desk.demo import demo_records
from mappa_desk.domain import vocabularies
from mappa_desk.domain.profile import load_profile
from mappa_desk.domain.model import new_uid
from mappa_desk.errors import ImportRejected, UserFacingError
from mappa_desk.services import documents, individuals, records, session as sessions
from mappa_desk.services.editing import MeetingEditor
from mappa_desk.services.individuals import IndividualRefused, NewIndividual
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.domain.test_jurisdiction import templates  # noqa: F401  (the fixture: Scotland and Testland)
from tests.documents.pdf_text import docx_text

CURFEW = "curfew_order"  # Testland's order kind ("Testland curfew order")
SECURE = "secure_hospital_order"  # Testland's restricted patient order
NEUTRAL = "neutral"  # Testland's tribunal position ("takes no view on")


@pytest.fixture(params=["scotland", "testland"])
def vault(request, templates, tmp_path):  # noqa: F811
    _recovery, session = sessions.create(tmp_path / "vault", PASSPHRASE, kdf=FAST_KDF, jurisdiction=request.param)
    yield session
    session.close()


def _counts(session) -> tuple:
    return tuple(session.db.scalar(f"SELECT count(*) FROM {t}") for t in ("individuals", "orders", "meetings"))


def test_each_profile_gives_its_own_words(templates):  # noqa: F811
    scotland, testland = (load_profile(name) for name in ("scotland", "testland"))
    assert CURFEW not in vocabularies.words("order_kinds", scotland)
    assert vocabularies.words("order_kinds", testland)[CURFEW] == "Testland curfew order"
    assert vocabularies.label("categories", 2, testland) == "Category 2: Testland secure patient"
    assert vocabularies.label("categories", 2, scotland) == "Category 2: restricted patient"


# -- the interchange import -------------------------------------------------------------------------------------

def _with_curfew():
    """The demo's first individual with a Testland order kind, and their initial meeting (held, not yet final)."""
    individual, meetings = demo_records()[0]
    orders = [dataclasses.replace(individual.orders[0], kind=CURFEW)] + list(individual.orders[1:])
    # (the demo's purposes are Scotland's words, which Testland does not have: left out, so that the order kind
    # is the one word at stake)
    return dataclasses.replace(individual, orders=orders), dataclasses.replace(meetings[0], status="held",
                                                                               purposes="")


def test_the_import_takes_the_vaults_own_order_kinds_only(vault, tmp_path):
    individual, meeting = _with_curfew()
    if vault.profile.jurisdiction == "scotland":
        with pytest.raises(ImportRejected) as refused:
            records.import_meeting(vault, individual, meeting)
        assert str(refused.value).startswith("The file was not imported: individual.orders[0].kind: Order cannot "
                                             "be “curfew_order”: it is not one of the choices of Scotland (")
        assert str(refused.value).endswith("Nothing was changed.")
        assert _counts(vault) == (0, 0, 0)
        return
    result = records.import_meeting(vault, individual, meeting)
    assert vault.db.scalar("SELECT kind FROM orders WHERE individual_id = ? ORDER BY position, id LIMIT 1",
                           (result.individual_id,)) == CURFEW
    generated = documents.generate_for_meeting(vault, result.meeting_id, tmp_path / "out")
    rmp = next(g for g in generated if g.kind == "rmp" and g.format == "docx").path.read_bytes()
    assert "Testland curfew order" in docx_text(rmp)


def test_another_jurisdictions_words_make_a_valid_file_that_renders_only_for_it(templates, tmp_path):  # noqa: F811
    """The format accepts any jurisdiction's words; `render` and `check` (read_for) take them only with the
    templates of a jurisdiction that has them."""
    from mappa_desk.interchange import files

    individual, meeting = _with_curfew()
    path = tmp_path / "curfew.json"
    files.write(path, files.dumps(individual, meeting, "2026-12-06T10:00:00Z"))
    assert files.read(path)[0].orders[0].kind == CURFEW
    assert files.read_for(path, load_profile("testland"))[0].orders[0].kind == CURFEW
    with pytest.raises(ImportRejected, match="cannot be used with the .* templates: individual.orders.0..kind: "
                                             "Order cannot be “curfew_order”"):
        files.read_for(path, load_profile("scotland"))


def test_the_handover_path_refuses_another_jurisdictions_words_too(vault):
    from mappa_desk.interchange import codec

    individual, meeting = _with_curfew()
    problem = codec.vocabulary_problem(individual, meeting, vault.profile)
    assert bool(problem) == (vault.profile.jurisdiction == "scotland")


# -- the cockpit's editor ---------------------------------------------------------------------------------------

def _held_restricted_patient_meeting(session) -> int:
    records.load_demo(session)
    return session.db.scalar("SELECT m.id FROM meetings m JOIN individuals i ON i.id = m.individual_id "
                             "WHERE i.category = 2 AND m.status = 'held'")


def test_the_editor_takes_the_vaults_own_tribunal_positions_only(vault, tmp_path):
    meeting_id = _held_restricted_patient_meeting(vault)
    editor = MeetingEditor(vault, meeting_id)
    if vault.profile.jurisdiction == "scotland":
        with pytest.raises(UserFacingError) as refused:
            editor.set("meetings", meeting_id, {"tribunal_position": NEUTRAL})
        assert str(refused.value).startswith("MAPPA position on the recommendation cannot be “neutral”: it is not "
                                             "one of the "
                                             "choices of Scotland (supports; does not support).")
        assert vault.db.scalar("SELECT tribunal_position FROM meetings WHERE id = ?", (meeting_id,)) == "supports"
        return
    editor.set("meetings", meeting_id, {"tribunal_position": NEUTRAL})
    assert vault.db.scalar("SELECT tribunal_position FROM meetings WHERE id = ?", (meeting_id,)) == NEUTRAL
    individual, meeting = records.load(vault, meeting_id)  # the statement for the tribunal says it (issue 17)
    generated = documents.render_all(individual, meeting, vault.profile, tmp_path / "out", version=None,
                                     kinds=("tribunal_statement",))
    statement = next(g for g in generated if g.format == "docx").path.read_bytes()
    assert "The MAPPA group takes no view on the recommendation by the Responsible Medical Officer" in \
        docx_text(statement)


def test_the_editor_refuses_a_word_no_jurisdiction_has(vault):
    meeting_id = _held_restricted_patient_meeting(vault)
    with pytest.raises(UserFacingError, match="MAPPA position on the recommendation cannot be “perhaps”"):
        MeetingEditor(vault, meeting_id).set("meetings", meeting_id, {"tribunal_position": "perhaps"})
    assert vault.db.scalar("SELECT tribunal_position FROM meetings WHERE id = ?", (meeting_id,)) == "supports"


# -- a new individual -------------------------------------------------------------------------------------------

def _new(order: str = SECURE, category: int = 2) -> NewIndividual:
    return NewIndividual(family_name="Quennell", category=category, current_level=2, lead_agency="HEALTH",
                         restricted_patient_order=order, visor_ref=f"DEMO/{new_uid()[:6]}")


def test_a_new_individual_takes_the_vaults_own_restricted_patient_orders_only(vault):
    if vault.profile.jurisdiction == "scotland":
        with pytest.raises(IndividualRefused) as refused:
            individuals.create_individual(vault, _new())
        assert refused.value.field == "restricted_patient_order"
        assert str(refused.value) == "Choose a restricted patient order from the list."
        assert _counts(vault) == (0, 0, 0)
        return
    individual_id = individuals.create_individual(vault, _new())
    assert vault.db.scalar("SELECT restricted_patient_order FROM individuals WHERE id = ?", (individual_id,)) == SECURE


def test_a_new_individual_of_a_category_the_jurisdiction_lacks_is_refused(vault):
    with pytest.raises(IndividualRefused) as refused:
        individuals.create_individual(vault, _new(order="", category=4))
    assert refused.value.field == "category"
    assert str(refused.value) == "Choose the MAPPA category: 1, 2 or 3."
    assert _counts(vault) == (0, 0, 0)


# -- the profile's vocabularies ---------------------------------------------------------------------------------

@pytest.mark.parametrize("change, named", [
    (lambda v: v.pop("order_kinds"), "no valid vocabulary order_kinds"),
    (lambda v: v["tribunal_positions"].update(neutral=""), "no valid vocabulary tribunal_positions"),
    (lambda v: v["categories"].update(four="Category 4"), "no valid vocabulary categories"),
    (lambda v: v.clear() or v.update(none=True), "no valid vocabulary categories"),
])
def test_a_profile_with_a_broken_vocabulary_is_refused_with_its_name(tmp_path, change, named):
    import json

    from mappa_desk import paths

    doc = json.loads((paths.jurisdiction_dir("scotland") / "profile.json").read_text(encoding="utf-8"))
    change(doc["vocabularies"])
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(UserFacingError, match=named):
        load_profile(path=path)
