"""collect() and load_manifest(): which files make up the corpus, and the manifest's shape."""

import json
import os
from pathlib import Path

import pytest

from kg_build.errors import UserError
from kg_build.read import collect, load_manifest

ROOT = Path(__file__).parent.parent


def _one_line(err) -> str:
    message = str(err.value)
    assert "\n" not in message
    return message


def test_two_files_with_the_same_name_are_refused_naming_both(tmp_path):
    for folder in "ab":
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "plan.txt").write_text("甲", encoding="utf-8")
    with pytest.raises(UserError) as err:
        collect([tmp_path / "a" / "plan.txt", tmp_path / "b" / "plan.txt"])
    message = _one_line(err)
    assert "two corpus files are both called plan.txt" in message
    assert str(tmp_path / "a" / "plan.txt") in message and str(tmp_path / "b" / "plan.txt") in message


def test_two_folders_holding_the_same_relative_name_are_refused(tmp_path):
    for folder in "ab":
        (tmp_path / folder / "x").mkdir(parents=True)
        (tmp_path / folder / "x" / "plan.txt").write_text("甲", encoding="utf-8")
    with pytest.raises(UserError, match="both called x/plan.txt"):
        collect([tmp_path / "a", tmp_path / "b"])


def test_the_same_file_given_twice_is_kept_once(tmp_path):
    (tmp_path / "plan.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "other.txt").write_text("乙", encoding="utf-8")
    assert [n for _, n, _ in collect([tmp_path / "plan.txt", tmp_path / "plan.txt"])] == ["plan.txt"]
    assert [n for _, n, _ in collect([tmp_path, tmp_path / "plan.txt"])] == ["other.txt", "plan.txt"]
    assert [n for _, n, _ in collect([tmp_path, tmp_path])] == ["other.txt", "plan.txt"]


def test_a_file_name_that_is_not_utf8_is_refused(tmp_path):
    try:
        with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "wb") as file:
            file.write("甲".encode("utf-8"))
    except OSError:  # a file system that insists on UTF-8 names
        pytest.skip("cannot create a non-UTF-8 file name here")
    with pytest.raises(UserError) as err:
        collect([tmp_path])
    message = _one_line(err)
    assert "caf\\xe9.txt: the file name is not valid UTF-8; rename the file" in message
    message.encode("utf-8")  # printable


def test_files_under_hidden_folders_are_skipped(tmp_path):
    (tmp_path / "plan.txt").write_text("甲", encoding="utf-8")
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "objects" / "junk.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "sub" / ".cache").mkdir(parents=True)
    (tmp_path / "sub" / ".cache" / "junk.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "sub" / "kept.txt").write_text("丙", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("丁", encoding="utf-8")
    assert [n for _, n, _ in collect([tmp_path])] == ["plan.txt", "sub/kept.txt"]


def test_a_hidden_corpus_folder_itself_is_read(tmp_path):
    (tmp_path / ".corpus").mkdir()
    (tmp_path / ".corpus" / "plan.txt").write_text("甲", encoding="utf-8")
    assert [n for _, n, _ in collect([tmp_path / ".corpus"])] == ["plan.txt"]


def test_a_device_or_fifo_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (Path("/dev/null"), fifo):
        with pytest.raises(UserError) as err:
            collect([path])
        assert _one_line(err) == f"{path}: is not a regular file or folder; give a corpus file or folder with --corpus"


def _manifest(tmp_path, documents) -> Path:
    (tmp_path / "plan.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": documents}, ensure_ascii=False), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "documents, message",
    [
        (["plan.txt"], 'documents[0] "plan.txt": each document must be an object'),
        ({"plan.txt": "x"}, '"documents" must be a list of objects'),
        ([1], "documents[0] 1: each document must be an object"),
        ([{"title": "x"}], '"file" must be the file name as a string'),
        ([{"file": 3}], '"file" must be the file name as a string'),
        ([{"file": "plan.txt"}, {"file": "plan.txt", "title": 5}], 'documents[1] {"file": "plan.txt", "title": 5}: "title" must be a string'),
        ([{"file": "plan.txt", "publisher": ["a"]}], '"publisher" must be a string'),
        ([{"file": "plan.txt", "kind": {}}], '"kind" must be a string'),
        ([{"file": "plan.txt", "about": 1}], '"about" must be a string'),
        ([{"file": "plan.txt", "date": 2019}], '"date" must be a string'),
        ([{"file": "plan.txt", "date": "2019-13-45"}], '"date" is not a real date'),
        ([{"file": "plan.txt", "date": "not-a-date"}], '"date" is not a real date'),
        ([{"file": "plan.txt", "date": "2019-02-29"}], '"date" is not a real date'),
        ([{"file": "plan.txt", "date": "2019-5-1"}], '"date" is not a real date'),
        ([{"file": "plan.txt"}, {"file": "plan.txt"}], '"plan.txt" has two entries'),
    ],
)
def test_a_manifest_of_the_wrong_shape_is_refused_naming_the_entry(tmp_path, documents, message):
    folder = _manifest(tmp_path, documents)
    with pytest.raises(UserError) as err:
        collect([folder])
    text = _one_line(err)
    assert text.startswith(f"{folder / 'manifest.json'}: ") and message in text


@pytest.mark.parametrize("top", ["[]", '"x"', '{"documents": null}'])
def test_a_manifest_that_is_not_an_object_with_a_list_is_refused(tmp_path, top):
    (tmp_path / "plan.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(top, encoding="utf-8")
    with pytest.raises(UserError, match="manifest.json: "):
        collect([tmp_path / "plan.txt"])


@pytest.mark.parametrize("date", ["2017", "2016-05", "2019-05-16", "2020-02-29", "", None])
def test_real_dates_and_absent_fields_are_accepted(tmp_path, date):
    folder = _manifest(tmp_path, [{"file": "plan.txt", "date": date, "title": None, "extra": [1, 2]}])
    assert collect([folder])[0][2]["date"] == date


@pytest.mark.parametrize("folder", [ROOT / "corpus", ROOT / "tests" / "fixtures" / "extra"])
def test_the_shipped_manifests_pass(folder):
    assert load_manifest(folder)


def test_a_manifest_entry_for_a_file_not_in_the_folder_is_refused(tmp_path):
    (tmp_path / "plan.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": [{"file": "plan.txt"}, {"file": "pla.txt"}]}), encoding="utf-8")
    with pytest.raises(UserError) as err:
        collect([tmp_path])
    assert _one_line(err).endswith(f"manifest.json: lists pla.txt, not found in {tmp_path}; fix the file name or remove the entry")
    assert [name for _, name, _ in collect([tmp_path / "plan.txt"])] == ["plan.txt"]  # one file picked: the rest is not checked


def test_a_subfolder_manifest_describes_its_own_files(tmp_path):
    (tmp_path / "2019").mkdir()
    for rel in ("top.txt", "2019/plan.txt", "2019/other.txt"):
        (tmp_path / rel).write_text("甲", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": [
        {"file": "top.txt", "title": "top"}, {"file": "2019/other.txt", "title": "from the top manifest"}]}), encoding="utf-8")
    (tmp_path / "2019" / "manifest.json").write_text(json.dumps({"documents": [
        {"file": "plan.txt", "title": "2019 plan", "date": "2019-05-16"}]}), encoding="utf-8")
    found = {name: meta.get("title") for _, name, meta in collect([tmp_path])}
    assert found == {"2019/other.txt": "from the top manifest", "2019/plan.txt": "2019 plan", "top.txt": "top"}


def test_a_subfolder_manifest_naming_a_missing_file_is_refused(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "plan.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "sub" / "manifest.json").write_text(json.dumps({"documents": [{"file": "plam.txt"}]}), encoding="utf-8")
    with pytest.raises(UserError) as err:
        collect([tmp_path])
    assert _one_line(err).endswith(f"sub/manifest.json: lists plam.txt, not found in {tmp_path / 'sub'}; fix the file name or remove the entry")


def test_a_broken_link_or_a_pipe_in_a_corpus_folder_is_named(tmp_path):
    (tmp_path / "plan.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(UserError) as err:
        collect([tmp_path])
    assert _one_line(err) == f"{tmp_path / 'gone.txt'}: a link to nothing in the corpus folder {tmp_path}; remove it or point it at a file"
    (tmp_path / "gone.txt").unlink()
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(UserError, match="pipe: not a regular file in the corpus folder"):
        collect([tmp_path])
