"""Hypothesis strategies for what Slack sends: message text with its markup, and blocks."""

from __future__ import annotations

from hypothesis import strategies as st

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["type", "elements", "user_id", "usergroup_id", "range", "x"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=30,
)
element_like = st.fixed_dictionaries(
    {
        "type": st.sampled_from(
            ["user", "usergroup", "broadcast", "rich_text_section", "rich_text_list", "text"]
        ),
    },
    optional={
        "user_id": st.sampled_from(["U1", "W2", "", "x"]) | json_values,
        "usergroup_id": st.sampled_from(["S1", ""]) | json_values,
        "range": st.sampled_from(["here", "channel", "everyone", "all"]) | json_values,
        "elements": st.lists(json_values, max_size=3),
    },
)
blocks_like = st.lists(
    st.fixed_dictionaries(
        {"type": st.sampled_from(["rich_text", "section"])},
        optional={"elements": st.lists(element_like | json_values, max_size=4)},
    )
    | json_values,
    max_size=4,
)
PIECES = [
    "<@U123>", "<@W9|bob>", "<!here>", "<!channel|@channel>", "<!subteam^S1|@devs>",
    "<#C1|general>", "<https://x.test/a?b=1&amp;c=2|the doc>", "<https://x.test/&lt;>",
    "<mailto:a@b.test>", "<!date^1^{date}|today>", "&amp;", "&lt;", "&gt;", "&amp;lt;",
    "&gt; ", "\n&gt;&gt;&gt; ", "```", "`", "\n", " ", "  ", "urgent", "not ", "non-",
    ":rotating_light:", "…", "<", ">", "|", "@", "\x00", "\u2028", "é",
]  # fmt: skip
slack_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=25).map(
    "".join
) | st.text(max_size=60)
