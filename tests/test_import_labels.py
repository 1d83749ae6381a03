"""The importer's labels and field-name hints are people-edited data (data/import_labels.yaml):
checked when read, and a mistake in the file names the file and the entry."""
from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from classroom.cases import import_labels
from classroom.datafiles import data_path, yaml_file


def _project_file() -> dict[str, Any]:
    return copy.deepcopy(yaml_file(import_labels.FILE))  # type: ignore[arg-type]


def test_the_projects_file_is_read_and_checked() -> None:
    labels = import_labels.parse(_project_file())
    assert labels == import_labels.load()
    assert "Please write to" in labels.text_labels["targets"]
    assert labels.key_hints["headline"] == "title"
    assert "name" in labels.weak_in_letter and "Fax" in labels.ignored_target_labels


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.pop("key_hints"), "key_hints: missing"),
    (lambda d: d.update(synonyms={}), "'synonyms' is not a section"),
    (lambda d: d["text_labels"].update(headline=["Headline"]), "text_labels: 'headline' is not a field"),
    (lambda d: d["text_labels"]["summary"].append("Title"), "text_labels: summary: 'Title' is already a label of title"),
    (lambda d: d["text_labels"].update(country=[]), "text_labels: country: give a list of labels"),
    (lambda d: d["text_labels"]["region"].append(False), "text_labels: region: each label is a word or words on one line"),
    (lambda d: d["target_labels"].update(phone=["Phone"]), "target_labels: 'phone' is not a field"),
    (lambda d: d.update(ignored_target_labels="Fax"), "ignored_target_labels: give a list of labels"),
    (lambda d: d["weak_in_letter"].append("dear"), "weak_in_letter: 'dear' is not one of the text_labels"),
    (lambda d: d["key_hints"].update(heading="headline"), "key_hints: heading: 'headline' is not a field"),
    (lambda d: d["key_hints"].update({"Sample Letter": "model_letter"}), "key_hints: 'Sample Letter' must be lower case"),
])
def test_a_broken_file_is_refused_with_a_message_naming_the_entry(change: Callable[[dict[str, Any]], object],
                                                                   message: str) -> None:
    data = _project_file()
    change(data)
    with pytest.raises(import_labels.ImportLabelsError) as error:
        import_labels.parse(data)
    assert str(error.value).startswith("import_labels.yaml:\n")
    assert message in str(error.value)


def test_a_yaml_no_is_caught_not_read_as_a_label() -> None:
    # Unquoted, YAML reads "No" as false: the check says so instead of matching nothing.
    text = data_path(import_labels.FILE).read_text(encoding="utf-8").replace('"UA no", ', "No, ")
    with pytest.raises(import_labels.ImportLabelsError, match=r"text_labels: ua_number: each label .* not False"):
        import_labels.parse(yaml.safe_load(text))
