"""The focus-hours form: Add and Remove update the open modal, Edit as text switches to the
lines editor, and Save stores both schedules (the form's draft lives in the modal)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.focus.editor_form import added, parse_metadata, removed, submitted
from bot.focus.editor_messages import as_text, editor_form
from bot.focus.service import save_focus_hours
from bot.ids import Action, View
from bot.slack.deps import Deps
from bot.slack.listeners.forms import modal_parts, submitter, update_modal
from bot.slack.listeners.home_tab import publish_home
from bot.slack.parse import parse_interaction


def register(app: App, deps: Deps) -> None:
    """Attach the form's buttons and its submission."""

    # views.update goes without the view's hash: a second quick press then shows its own
    # result instead of failing with hash_conflict, and nothing is stored before Save.
    @app.action(Action.FOCUS_FORM_ADD)
    def on_add(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        pressed, form = parse_interaction(body, action), modal_parts(body.get("view"))
        if pressed is None or form.view_id is None:
            return  # no modal to update
        draft, problem = added(parse_metadata(form.metadata), pressed.value, form.values)
        update_modal(client, form.view_id, editor_form(draft, problem))

    @app.action(Action.FOCUS_FORM_REMOVE)
    def on_remove(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        pressed, form = parse_interaction(body, action), modal_parts(body.get("view"))
        if pressed is None or form.view_id is None:
            return  # no modal to update
        draft = removed(parse_metadata(form.metadata), pressed.value)
        update_modal(client, form.view_id, editor_form(draft))

    @app.action(Action.FOCUS_FORM_AS_TEXT)
    def on_as_text(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        form = modal_parts(body.get("view"))
        if form.view_id is None:
            return  # no modal to update
        update_modal(client, form.view_id, as_text(parse_metadata(form.metadata)))

    @app.view(View.FOCUS_FORM)
    def on_saved(ack: Ack, body: dict[str, Any], view: object, client: WebClient) -> None:
        user_id, form = submitter(body), modal_parts(view)
        # A half-picked block is refused here, next to its input, before anything is stored.
        draft = submitted(parse_metadata(form.metadata), form.values)
        save_focus_hours(
            deps.uow, deps.slack, deps.connect_link, user_id,
            blocks=draft.blocks, working_hours=draft.hours, now=deps.clock.now(),
        )  # fmt: skip
        ack()
        deps.wake_sweep()
        publish_home(deps, client, user_id)
