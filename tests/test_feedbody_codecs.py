"""A charset label from a stranger's feed or header names a codec only if it is a real charset:
Python also registers codecs that raise on any input or are no text encodings."""

import pytest

from monitor.feedbody import codec_name, prepare_body


@pytest.mark.parametrize(("label", "codec"), [
    ("utf-8", "utf-8"), ("windows-1251", "cp1251"), ("EUC-KR", "euc_kr"), ("shift_jis", "shift_jis"),
    ("koi8-r", "koi8-r"), ("gb18030", "gb18030"),
    ("undefined", None), ("rot13", None), ("zlib", None), ("base64", None), ("hex", None),
    ("idna", None), ("punycode", None), ("unicode_escape", None), ("no-such-charset", None), ("", None),
])
def test_codec_name(label: str, codec: str | None) -> None:
    assert codec_name(label) == codec


@pytest.mark.parametrize("label", ["undefined", "idna", "unicode_escape", "zlib"])
def test_a_feed_declaring_a_codec_that_is_no_charset_is_read_as_utf8(label: str) -> None:
    body = f'<?xml version="1.0" encoding="{label}"?><rss><channel><title>Привет \\\\ x</title></channel></rss>'
    for header in (None, label):
        prepared = prepare_body(body.encode("utf-8"), header, 500)
        assert prepared.encoding == "utf-8"
        assert "Привет \\\\ x" in prepared.body.decode("utf-8")
