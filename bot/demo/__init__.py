"""`kairos demo`: the real Kairos against a simulated Slack workspace shipped in the package.

fake_slack/ is that simulated Slack: the Web API over real HTTP, Socket Mode, the events
Slack sends and their signing. The test suite uses the same one.
"""
