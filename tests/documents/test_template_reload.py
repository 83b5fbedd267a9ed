"""Templates are kept between generations only while their files are unchanged: an edit shows in the next one."""

import shutil

from mappa_desk import paths
from mappa_desk.documents.build import load_templates
from mappa_desk.domain.profile import DEFAULT_JURISDICTION


def _copy_templates(tmp_path, monkeypatch):
    shutil.copytree(paths.templates_dir(), tmp_path / "templates")
    monkeypatch.setattr(paths, "templates_dir", lambda: tmp_path / "templates")
    return tmp_path / "templates" / DEFAULT_JURISDICTION


def test_an_edited_document_template_shows_in_the_next_documents(tmp_path, monkeypatch):
    folder = _copy_templates(tmp_path, monkeypatch)
    assert load_templates(DEFAULT_JURISDICTION)["minute"].title != "Edited minute title"
    minute = folder / "minute.toml"
    text = minute.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title"))
    minute.write_text(text.replace(title_line, 'title = "Edited minute title"', 1), encoding="utf-8")
    assert load_templates(DEFAULT_JURISDICTION)["minute"].title == "Edited minute title"


def test_an_edited_common_file_shows_in_every_template(tmp_path, monkeypatch):
    folder = _copy_templates(tmp_path, monkeypatch)
    before = load_templates(DEFAULT_JURISDICTION)
    common = folder / "common.toml"
    common.write_text('added_for_the_test = "Added"\n' + common.read_text(encoding="utf-8"), encoding="utf-8")
    after = load_templates(DEFAULT_JURISDICTION)
    assert "added_for_the_test" not in before["minute"].common
    assert all(template.common["added_for_the_test"] == "Added" for template in after.values())
