"""What the demo page's HTML may hold: the page's own tags and safe attributes, nothing else.

Checked on the output's markup, so an input that slipped through unescaped shows as a tag,
attribute or `<` that is not on this list.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

TAGS = frozenset(
    {"div", "span", "b", "i", "s", "code", "pre", "blockquote", "a", "br", "hr", "img", "ul",
     "ol", "li"}
)  # fmt: skip
ATTRIBUTES = frozenset({"class", "href", "title", "src", "alt", "style"})
SAFE_HREF = ("https://", "http://", "mailto:")
# The only inline style the renderer writes: a list's indentation.
STYLE = re.compile(r"margin-left:\d+px")
CLASS = re.compile(r"[a-z][a-z0-9 -]*")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    def _attribute(self, tag: str, name: str, value: str) -> None:
        ok = {
            "class": lambda: CLASS.fullmatch(value) is not None,
            "href": lambda: tag == "a" and value.startswith(SAFE_HREF),
            "src": lambda: tag == "img" and value.startswith("data:image/"),
            "style": lambda: STYLE.fullmatch(value) is not None,
        }.get(name, lambda: name in ATTRIBUTES)
        if not ok():
            self.problems.append(f"attribute {name}={value!r} on <{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def problems(fragment: str) -> list[str]:
    """Whatever in the fragment is not the renderer's own safe markup."""
    collector = _Collector()
    collector.feed(fragment)
    collector.close()
    # A `<` that did not start a tag the parser accepted is left in the raw text.
    raw = re.sub(r"<(/?)([a-z]+)((?:\s+[a-z-]+=\"[^\"<]*\")*)\s*>", "", fragment)
    if "<" in raw or ">" in raw:
        collector.problems.append(f"unescaped < or > in {raw[:200]!r}")
    return collector.problems


def text_of(fragment: str, sep: str = "") -> str:
    """The text a reader sees in the fragment; `sep` between the texts of elements."""
    collector = _Collector()
    collector.feed(fragment)
    collector.close()
    return sep.join(collector.text)
