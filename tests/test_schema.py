"""The editor's JSON Schema (issue 14 §1): built from the validator's key tables, it accepts
every content file of the repository and rejects the broken files the validator rejects."""
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from briefing import api, validate
from briefing.errors import ContentError
from briefing.schema import edition_schema, figures_schema, part_schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_OF = {"edition.yaml": edition_schema, "figures.yaml": figures_schema}


def schema_errors(path: Path) -> list[str]:
    schema = SCHEMA_OF.get(path.name, part_schema)()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [error.message for error in jsonschema.Draft202012Validator(schema).iter_errors(data)]


def test_the_schema_has_the_validators_keys_and_required_fields():
    schema = edition_schema()
    assert set(schema["properties"]) == set(validate.EDITION_KEYS)
    assert set(schema["required"]) == {k for k, required in validate.EDITION_KEYS.items() if required}
    figure = figures_schema()["properties"]["figures"]["items"]
    assert set(figure["properties"]) == set(validate.FIGURE_KEYS)
    assert set(figure["required"]) == {k for k, required in validate.FIGURE_KEYS.items() if required}
    defs = schema["$defs"]
    assert set(defs["table"]["properties"]) == set(validate.TABLE_KEYS)
    assert set(defs["section"]["properties"]) == set(validate.SECTION_KEYS)
    assert all("description" in prop for prop in schema["properties"].values())


@pytest.mark.parametrize("path", sorted([*ROOT.glob("content/*.yaml"), *ROOT.glob("examples/*/*.yaml")]),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_content_file_of_the_repository_validates(path):
    assert schema_errors(path) == []


BROKEN = [
    ("edition.yaml", "issuer: 福州市科学技术局", "isuer: 福州市科学技术局"),  # unknown key, required one missing
    ("edition.yaml", "status: draft", "status: maybe"),  # not an allowed value
    ("figures.yaml", "kind: actual", "kind: 估计"),
    ("attachment.yaml", "title: 福州市2022年科技工作总结及2023年工作思路", "titel: 附件"),
    ("summary-2022.yaml", "heading: 2022年工作总结", "heading: [a, [b]]"),
]


@pytest.mark.parametrize("name, old, new", BROKEN, ids=[b[2][:12] for b in BROKEN])
def test_a_broken_file_fails_in_both_the_schema_and_the_validator(content, name, old, new):
    path = content / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert schema_errors(path)
    with pytest.raises(ContentError):
        api.check(content)


def test_briefing_new_writes_the_schemas_its_files_name(tmp_path):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "briefing", "new", str(tmp_path / "doc")], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    for name in ("edition.yaml", "attachment.yaml", "figures.yaml"):
        first = (tmp_path / "doc" / name).read_text(encoding="utf-8").splitlines()[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        assert first != target and (tmp_path / "doc" / target).is_file()
        assert json.loads((tmp_path / "doc" / target).read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")
        assert schema_errors(tmp_path / "doc" / name) == []


def test_every_edition_key_has_an_example_that_the_schema_accepts():
    schema = edition_schema()
    for key, prop in schema["properties"].items():
        assert prop.get("examples"), key
        sub = {**prop, "$defs": schema["$defs"]}
        assert not list(jsonschema.Draft202012Validator(sub).iter_errors(prop["examples"][0])), key
