import codecs

import pytest

from kg_build.errors import UserError
from kg_build.read import collect, read_bytes

TEXT = "實施《粵港合作框架協議》2019年重點工作\n1. 完善港珠澳大橋、廣深港高鐵的運營管理和機制安排。\n"
SIMPLIFIED = "实施《粤港合作框架协议》2019年重点工作\n1. 完善港珠澳大桥、广深港高铁的运营管理和机制安排。\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-32"), "utf-32"),  # BOM FF FE 00 00, which starts like UTF-16 LE's
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no byte-order mark: ASCII's NULs looked binary
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("big5hkscs"), "big5hkscs"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
    ],
    ids=lambda value: value if isinstance(value, str) else "bytes",
)
def test_decodes_each_supported_encoding(data, encoding):
    source = read_bytes(data, "plan.txt")
    assert source.encoding == encoding
    assert source.text.lstrip("\ufeff") in (TEXT, SIMPLIFIED)


def test_big5_is_not_mistaken_for_gb18030_on_a_whole_document(tmp_path):
    from pathlib import Path

    original = (Path(__file__).parent.parent / "corpus" / "2019-05_key-work-plan-2019.txt").read_text(encoding="utf-8")
    source = read_bytes(original.encode("big5hkscs", errors="strict"), "plan.big5.txt")
    assert source.encoding == "big5hkscs" and source.text == original


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "the file is empty"),
        (b"   \n\n  ", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file"),
        (bytes(range(128, 256)) * 4, "cannot tell the text encoding"),
        (codecs.BOM_UTF16_LE + b"\x00", "starts with a UTF-16 byte-order mark but is not valid UTF-16"),
        (codecs.BOM_UTF16_LE + "粵港".encode("utf-16-le") + b"\x00\xd8", "not valid UTF-16"),  # a lone surrogate
        (codecs.BOM_UTF8 + b"\xff\xfe abc", "starts with a UTF-8 byte-order mark but is not valid UTF-8"),
        (codecs.BOM_UTF32_LE + b"\x00\x00\x11\x00", "starts with a UTF-32 byte-order mark but is not valid UTF-32"),
        ("plain English, no byte-order mark\n".encode("utf-16-le"), "a binary file"),  # no Chinese to vouch for it
        (b"\x00\x01" * 64, "a binary file"),
    ],
)
def test_refuses_with_one_line_naming_the_file(data, message):
    with pytest.raises(UserError) as err:
        read_bytes(data, "bad.txt")
    assert str(err.value).startswith("bad.txt: ") and message in str(err.value)
    assert "\n" not in str(err.value)


def test_sha256_is_of_the_bytes():
    import hashlib

    data = TEXT.encode("big5hkscs")
    assert read_bytes(data, "x.txt").sha256 == hashlib.sha256(data).hexdigest()


def test_collect_reads_manifest_and_sorts(tmp_path):
    (tmp_path / "b.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "manifest.json").write_text('{"documents": [{"file": "a.txt", "date": "2019-05-16"}]}', encoding="utf-8")
    found = collect([tmp_path])
    assert [name for _, name, _ in found] == ["a.txt", "b.txt"]
    assert found[0][2]["date"] == "2019-05-16" and found[1][2] == {}


def test_collect_names_a_missing_path(tmp_path):
    with pytest.raises(UserError, match="no such file or folder"):
        collect([tmp_path / "nope"])


@pytest.mark.parametrize("encoding", ["utf-32", "utf-16-le", "utf-16-be"])
def test_a_whole_document_round_trips_in_utf32_and_bomless_utf16(encoding):
    from pathlib import Path

    original = (Path(__file__).parent.parent / "corpus" / "2019-05_key-work-plan-2019.txt").read_text(encoding="utf-8")
    source = read_bytes(original.encode(encoding), "plan.txt")
    assert source.encoding == encoding and source.text.lstrip("\ufeff") == original


def test_bomless_utf16_without_any_ascii_is_still_recognised():
    text = "實施粵港合作框架協議重點工作完善港珠澳大橋廣深港高鐵的運營管理"  # no NULs to look binary by
    for encoding in ("utf-16-le", "utf-16-be"):
        source = read_bytes(text.encode(encoding), "plan.txt")
        assert (source.encoding, source.text) == (encoding, text)
