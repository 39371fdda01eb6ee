"""read_path / from_text: formats, metadata, encodings and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import sys
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import decode as decode_mod
from sitrep.ingest import from_text, read_path

BODY = (
    "Government troops retook the Arghandab district of Kandahar province on Monday after a week of "
    "fighting, the provincial police chief said.\n\n"
    "He said the insurgents left behind two pickup trucks and a quantity of ammunition when they "
    "withdrew towards Zhari."
)

HTML = """<!DOCTYPE html>
<html><head>
<title>Army retakes Arghandab | Southern Dispatch</title>
<meta property="og:title" content="Army retakes Arghandab">
<meta property="og:site_name" content="Southern Dispatch">
<meta property="article:published_time" content="2021-07-12T08:30:00+04:30">
<link rel="canonical" href="https://southern-dispatch.test/2021/07/arghandab">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Army retakes Arghandab</h1>
<p>Government troops retook the Arghandab district of Kandahar province on Monday after a week of
fighting, the provincial police chief said.</p>
<p>He said the insurgents left behind two pickup trucks and a quantity of ammunition when they
withdrew towards Zhari.</p>
<p>Elders in the district said several hundred families who had fled to Kandahar city were waiting
for the roads to be cleared of mines before returning home.</p>
</article>
<div id="comments" class="comments-area">
<h2 class="comments-title">2 comments</h2>
<ol class="comment-list"><li class="comment"><div class="comment-author">Barry K.</div>
<p>I bet they lose Spin Boldak next week, you watch.</p></li></ol>
</div>
<footer><p>© 2021 Southern Dispatch. All rights reserved.</p></footer>
</body></html>
"""


def test_plain_text_file(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Army retakes Arghandab\n\n" + BODY, encoding="utf-8")
    a = read_path(f, published=dt.date(2021, 7, 12), source="Wire")
    assert a.fmt == "text"
    assert a.text == "Army retakes Arghandab\n\n" + BODY
    assert a.title == "Army retakes Arghandab"
    assert a.published == dt.date(2021, 7, 12) and a.source == "Wire"
    assert a.content_hash == hashlib.sha256(a.text.encode()).hexdigest()
    assert a.id == a.content_hash[:16]
    assert a.path == str(f)


def test_html_metadata_and_comments_div(tmp_path: Path) -> None:
    f = tmp_path / "page.dat"  # sniffed from content, not the extension
    f.write_text(HTML, encoding="utf-8")
    a = read_path(f)
    assert a.fmt == "html"
    assert a.title == "Army retakes Arghandab"
    assert a.published == dt.date(2021, 7, 12)
    assert a.source == "Southern Dispatch"
    assert a.url == "https://southern-dispatch.test/2021/07/arghandab"
    assert BODY.split("\n\n")[0].replace("\n", " ") in a.text.replace("\n", " ")
    assert "\n\n" in a.text  # paragraphs kept as blank lines
    assert "Spin Boldak" not in a.text and "Barry" not in a.text
    assert "All rights reserved" not in a.text and "Home" not in a.text


def test_explicit_arguments_override_html_metadata() -> None:
    a = from_text(HTML, published=dt.date(2021, 7, 1), source="Mine", title="T", url="u")
    assert (a.published, a.source, a.title, a.url) == (dt.date(2021, 7, 1), "Mine", "T", "u")


def test_broken_html_still_gives_text() -> None:
    broken = (
        "<html><body><div><p>Taliban fighters entered the city of Qala-e-Naw in Badghis province on "
        "Wednesday and freed prisoners from the jail, officials said.<p>Commandos were flown in from "
        "Herat overnight<div><span>to push them back"
    )
    a = from_text(broken)
    assert a.fmt == "html"
    assert "Qala-e-Naw" in a.text and "Commandos were flown in" in a.text


def test_html_fmt_forced_and_text_fmt_forced() -> None:
    assert from_text("<p>Clashes were reported near Faizabad on Friday night.</p>", fmt="html").text == (
        "Clashes were reported near Faizabad on Friday night."
    )
    t = from_text("<b>not markup</b> here", fmt="text")
    assert t.fmt == "text" and t.text == "<b>not markup</b> here"
    with pytest.raises(InputError):
        from_text(BODY, fmt="pdf")


def test_html_without_main_text() -> None:
    with pytest.raises(InputError, match="no extractable main text"):
        from_text("<html><head><title>x</title><script>var a=1;</script></head><body></body></html>")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_and_whitespace_only(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "e.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match="is empty"):
        read_path(f)


def test_binary_file(tmp_path: Path) -> None:
    f = tmp_path / "img.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(InputError, match="looks binary, not an article"):
        read_path(f)


def test_undecodable_bytes(tmp_path: Path) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(b"Fighting in Kunduz \x81\x8d\x90\x9d continued on Friday.\n")
    with pytest.raises(InputError, match="is not valid UTF-8 text"):
        read_path(f)


def test_cp1252_text_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "legacy.txt"
    f.write_bytes("The governor\u2019s caf\u00e9 in Herat was closed on Friday.".encode("cp1252"))
    assert "governor\u2019s caf\u00e9" in read_path(f).text


def test_utf8_bom_and_utf16_bom(tmp_path: Path) -> None:
    f8 = tmp_path / "bom8.txt"
    f8.write_bytes(b"\xef\xbb\xbf" + BODY.encode("utf-8"))
    assert read_path(f8).text == BODY
    f16 = tmp_path / "bom16.txt"
    f16.write_bytes(BODY.encode("utf-16"))  # with BOM
    assert read_path(f16).text == BODY
    f16be = tmp_path / "bom16be.txt"
    f16be.write_bytes(b"\xfe\xff" + BODY.encode("utf-16-be"))
    assert read_path(f16be).text == BODY


def test_huge_file_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "big.txt"
    f.write_text(BODY * 50, encoding="utf-8")
    monkeypatch.setattr(decode_mod, "MAX_BYTES", 1000)
    with pytest.raises(InputError, match="too large.*limit"):
        read_path(f)


def test_huge_file_real_limit(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with open(f, "wb") as fh:  # sparse: no 50 MB written to disk
        fh.truncate(decode_mod.MAX_BYTES + 1)
    with pytest.raises(InputError, match="limit is 50 MB"):
        read_path(f)


def test_large_but_acceptable_file(tmp_path: Path) -> None:
    para = BODY.replace("\n\n", " ")
    f = tmp_path / "large.txt"
    f.write_text("\n\n".join([para] * 20000), encoding="utf-8")  # about 5 MB
    assert f.stat().st_size > 4_500_000
    a = read_path(f)
    assert a.raw_chars > 4_500_000 and a.text.startswith(para)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(BODY.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    a = read_path("-", source="pipe")
    assert a.text == BODY and a.source == "pipe" and a.path is None


def test_stdin_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    with pytest.raises(InputError, match="standard input is empty"):
        read_path("-")


def test_raw_and_removed_chars() -> None:
    text = BODY + "\n\nShare this:\n\nAdvertisement"
    a = from_text(text)
    assert a.text == BODY
    assert a.raw_chars == len(text)
    assert a.removed_chars == len(text) - len(BODY)
