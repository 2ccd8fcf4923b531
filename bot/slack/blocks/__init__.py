"""Block Kit for the Slack surfaces no domain owns: the App Home frame and the help.

A domain's own messages are pure builders in its messages.py (bot/focus/messages.py and so
on); what they share is in bot/blocks.py.
"""
