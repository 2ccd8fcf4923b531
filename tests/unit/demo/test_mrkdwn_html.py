"""Slack's mrkdwn on the demo page: formatting as Slack pairs it, markup, and escaping."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.demo.mrkdwn_html import inline_html, markdown_html, mrkdwn_html, plain_html
from tests.unit.demo.html_checks import problems, text_of

NAMES = {"U0ANA": "Ana de Vries", "C0DESIGN": "design", "C0HASH": "#ops"}
MENTION = '<span class="md-mention">{}</span>'


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("*bold*", "<b>bold</b>"),
        ("_italic_", "<i>italic</i>"),
        ("~gone~", "<s>gone</s>"),
        ("*bold _italic_*", "<b>bold <i>italic</i></b>"),
        ("_*both*_", "<i><b>both</b></i>"),
        ("*a* and *b*", "<b>a</b> and <b>b</b>"),
        ("(*in brackets*)", "(<b>in brackets</b>)"),
        ("*a _b* c_", "<b>a _b</b> c_"),  # crossing markers: the first pair wins
        # Unbalanced or not at a word boundary: left as text.
        ("*unbalanced", "*unbalanced"),
        ("unbalanced*", "unbalanced*"),
        ("**", "**"),
        ("* spaced *", "* spaced *"),
        ("2*3*4", "2*3*4"),
        ("snake_case_name", "snake_case_name"),
        ("~ ~", "~ ~"),
        # Code: no formatting inside, markup shown by name.
        ("`*not bold*`", "<code>*not bold*</code>"),
        ("`<@U0ANA>`", "<code>@Ana de Vries</code>"),
        ("`a &lt; b`", "<code>a &lt; b</code>"),
        ("`unclosed", "`unclosed"),
        # Entities decoded once, then escaped for HTML.
        ("&lt;b&gt; &amp; &amp;amp;", "&lt;b&gt; &amp; &amp;amp;"),
        ("&quot;", "&amp;quot;"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a < b > c", "a &lt; b &gt; c"),
        ("\"quoted\" 'single'", "&quot;quoted&quot; &#x27;single&#x27;"),
    ],
)
def test_inline_formatting(source: str, expected: str) -> None:
    assert inline_html(source, NAMES) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<https://example.test/a>", '<a class="md-link" href="https://example.test/a">'
         "https://example.test/a</a>"),
        ("<https://example.test|the docs>", '<a class="md-link" href="https://example.test">'
         "the docs</a>"),
        # Only the first | ends the address: the rest belongs to the label.
        ("<https://example.test|a|b>", '<a class="md-link" href="https://example.test">a|b</a>'),
        ("<https://example.test/?a=1&amp;b=2|x &amp; y>",
         '<a class="md-link" href="https://example.test/?a=1&amp;b=2">x &amp; y</a>'),
        ('<https://example.test/"onmouseover="x|hi>',
         '<a class="md-link" href="https://example.test/&quot;onmouseover=&quot;x">hi</a>'),
        ("<mailto:ana@example.test|mail Ana>",
         '<a class="md-link" href="mailto:ana@example.test">mail Ana</a>'),
        ("<javascript:alert(1)|click>", "&lt;javascript:alert(1)|click&gt;"),
        ("*<https://example.test|bold link>*",
         '<b><a class="md-link" href="https://example.test">bold link</a></b>'),
        ("<@U0ANA>", MENTION.format("@Ana de Vries")),
        ("<@U0NOBODY>", MENTION.format("@U0NOBODY")),
        ("<@U0NOBODY|bob>", MENTION.format("@bob")),
        ("<#C0DESIGN>", MENTION.format("#design")),
        ("<#C0HASH>", MENTION.format("#ops")),
        ("<#C0OTHER|releases>", MENTION.format("#releases")),
        ("<#C0OTHER>", MENTION.format("#C0OTHER")),
        ("_<@U0ANA>_", "<i>" + MENTION.format("@Ana de Vries") + "</i>"),
        ("<!here>", '<span class="md-broadcast">@here</span>'),
        ("<!channel>", '<span class="md-broadcast">@channel</span>'),
        ("<!subteam^S0123|@design-team>", MENTION.format("@design-team")),
        ("<!date^1772618400^{date_short}|Mar 4>", '<span class="md-date">Mar 4</span>'),
        ("<!unknown>", "&lt;!unknown&gt;"),
        ("<@>", "&lt;@&gt;"),
        ("<>", "&lt;&gt;"),
    ],
)  # fmt: skip
def test_links_mentions_and_broadcasts(source: str, expected: str) -> None:
    assert inline_html(source, NAMES) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (":tada:", '<span class="md-emoji" title=":tada:">🎉</span>'),
        (":+1:", '<span class="md-emoji" title=":+1:">👍</span>'),
        (":no_such_emoji:", '<span class="md-shortcode">:no_such_emoji:</span>'),
        ("at 10:30:00", "at 10:30:00"),
        (":white_check_mark: ok", '<span class="md-emoji" title=":white_check_mark:">✅</span> ok'),
    ],
)  # fmt: skip
def test_emoji_shortcodes(source: str, expected: str) -> None:
    assert inline_html(source, NAMES) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("one\ntwo", '<div class="md-line">one</div><div class="md-line">two</div>'),
        ("", ""),
        ("a\n\nb", '<div class="md-line">a</div><div class="md-line"></div>'
         '<div class="md-line">b</div>'),
        ("> quoted *b*\n&gt; two\nafter",
         '<blockquote class="md-quote"><div class="md-line">quoted <b>b</b></div>'
         '<div class="md-line">two</div></blockquote><div class="md-line">after</div>'),
        ("• one\n- two\n1. three\n-not a bullet",
         '<div class="md-li">• one</div><div class="md-li">- two</div>'
         '<div class="md-li">1. three</div><div class="md-line">-not a bullet</div>'),
        ("see\n```\nx = *1* <@U0ANA>\n  indented &lt;\n```\ndone",
         '<div class="md-line">see</div><pre class="md-pre">x = *1* @Ana de Vries\n'
         '  indented &lt;</pre><div class="md-line">done</div>'),
        ("```unclosed *b*", '<div class="md-line">```unclosed <b>b</b></div>'),
        ("*bold\nacross lines*", '<div class="md-line">*bold</div>'
         '<div class="md-line">across lines*</div>'),
    ],
)  # fmt: skip
def test_lines_quotes_lists_and_preformatted(source: str, expected: str) -> None:
    assert mrkdwn_html(source, NAMES) == expected


@pytest.mark.parametrize(
    ("source", "emoji", "expected"),
    [
        ("Save :tada:", True, 'Save <span class="md-emoji" title=":tada:">🎉</span>'),
        ("Save :tada:", False, "Save :tada:"),
        ("*not bold* <b> &amp;", True, "*not bold* &lt;b&gt; &amp;amp;"),
        ("two\nlines", True, "two<br>lines"),
    ],
)
def test_plain_text_is_shown_as_written(source: str, emoji: bool, expected: str) -> None:
    assert plain_html(source, emoji=emoji) == expected


def test_markdown_blocks_show_their_common_forms() -> None:
    shown = markdown_html("# Title\n**bold** and [docs](https://example.test/d) <raw> & co", NAMES)
    assert shown == (
        '<div class="md-line"><b>Title</b></div><div class="md-line"><b>bold</b> and '
        '<a class="md-link" href="https://example.test/d">docs</a> &lt;raw&gt; &amp; co</div>'
    )


PIECES = [
    *"*_~`<>|@#!&;:/ \n\"'abcUC0lt.pe",
    *("&lt;", "&gt;", "&amp;", "<@U0ANA>", "<#C0DESIGN|x>", "https://", "```", "<!here>"),
    ":tada:",
]
MARKUP = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
ANY_TEXT = st.one_of(st.text(), MARKUP)


@settings(max_examples=400)
@given(ANY_TEXT)
def test_any_text_renders_as_safe_markup(source: str) -> None:
    shown = mrkdwn_html(source, NAMES)
    assert problems(shown) == []
    assert problems(markdown_html(source, NAMES)) == []
    assert problems(plain_html(source)) == []


@given(
    st.text(
        alphabet=st.characters(
            blacklist_characters="*_~`<>&:\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
        )
    )
)
def test_text_without_markup_shows_exactly_as_written(source: str) -> None:
    # Bullets only change the line's class, never its text.
    assert text_of(mrkdwn_html(source, NAMES)) == source


def test_a_long_line_of_unmatched_markers_renders() -> None:
    # Each opener looks for its closer: the line must still render in one pass, not hang.
    source = "*a _b ~c " * 2000
    assert text_of(mrkdwn_html(source, NAMES)) == source
