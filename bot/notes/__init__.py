"""Notes and actions after a meeting: who is asked to post a meeting's notes, the notes and
their actions in the series' channel, and each action's one reminder on its due date."""
