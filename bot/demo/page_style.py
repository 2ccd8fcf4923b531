"""The demo page's stylesheet: Slack's light theme, inlined so the page needs nothing else.

Colours are Slack's own (aubergine sidebar, green primary and red danger buttons, blue
mentions), so what the page shows reads as Slack. No web fonts: the system's sans-serif.
"""

from __future__ import annotations

PRIMARY_GREEN = "#007a5a"
DANGER_RED = "#e01e5a"
SIDEBAR = "#3f0e40"

CSS = (
    """
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #1d1c1d; }
body {
  font: 15px/1.46668 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue",
    "Noto Sans", "DejaVu Sans", Arial, sans-serif;
}
.sidebar {
  position: fixed; top: 0; left: 0; bottom: 0; width: 240px; overflow-y: auto;
  background: SIDEBAR; color: rgba(255,255,255,.7); padding: 14px 0;
}
.workspace { color: #fff; font-weight: 900; font-size: 18px; padding: 0 16px 12px;
  border-bottom: 1px solid rgba(255,255,255,.15); margin-bottom: 10px; }
.nav-label { font-size: 13px; padding: 10px 16px 4px; }
.sidebar ul { list-style: none; margin: 0; padding: 0; }
.sidebar li a { display: block; padding: 3px 16px 3px 26px; color: rgba(255,255,255,.8);
  text-decoration: none; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.main { margin-left: 240px; padding: 0 0 40px; }
.page-head { padding: 16px 24px 12px; border-bottom: 1px solid #e8e8e8; }
.page-head h1 { margin: 0; font-size: 20px; font-weight: 900; }
.page-head p { margin: 2px 0 0; color: #616061; font-size: 13px; }
.scene { padding: 8px 0 12px; border-bottom: 1px solid #f0f0f0; }
.scene h2 { font-size: 15px; font-weight: 900; margin: 14px 24px 6px; }
.scene-no { display: inline-block; min-width: 22px; padding: 0 6px; margin-right: 6px;
  border-radius: 11px; background: #1d1c1d; color: #fff; text-align: center; font-size: 12px; }
.where { margin: 10px 24px 2px; font-size: 12px; color: #616061; }
.where b { color: #1d1c1d; }
.msg { display: flex; gap: 8px; padding: 8px 24px; }
.msg:hover { background: #f8f8f8; }
.avatar { flex: 0 0 36px; height: 36px; border-radius: 6px; color: #fff; font-weight: 900;
  font-size: 17px; display: flex; align-items: center; justify-content: center; }
.msg-body { flex: 1; min-width: 0; }
.msg-head { display: flex; align-items: baseline; gap: 6px; }
.author { font-weight: 900; }
.app-tag { font-size: 10px; font-weight: 700; color: #616061; background: rgba(29,28,29,.13);
  border-radius: 2px; padding: 0 3px; }
time { font-size: 12px; color: #616061; }
.only-you { font-size: 13px; color: #616061; margin: 1px 0 2px; }
.ephemeral .msg-content { border-left: 3px solid #1264a3; padding-left: 8px; }
.panel { margin: 16px 24px; border: 1px solid #ddd; border-radius: 8px; overflow: hidden;
  box-shadow: 0 1px 3px rgba(0,0,0,.08); max-width: 640px; }
.panel-head { display: flex; justify-content: space-between; align-items: center;
  padding: 12px 16px; border-bottom: 1px solid #e8e8e8; font-weight: 900; font-size: 18px; }
.panel-head small { font-weight: 400; font-size: 12px; color: #616061; }
.panel-tabs { display: flex; gap: 18px; padding: 0 16px; border-bottom: 1px solid #e8e8e8;
  font-size: 13px; color: #616061; }
.panel-tabs span { padding: 8px 0; }
.panel-tabs .on { color: #1d1c1d; font-weight: 700; border-bottom: 2px solid #1d1c1d; }
.panel-body { padding: 8px 16px 14px; }
.modal { box-shadow: 0 18px 48px rgba(0,0,0,.3); border: none; }
.close { color: #616061; font-weight: 400; }
.bk-block { margin: 4px 0; }
.bk-header { font-size: 18px; font-weight: 900; margin: 8px 0; }
.bk-section { display: flex; gap: 12px; align-items: flex-start; }
.bk-section-body { flex: 1; min-width: 0; }
.bk-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; margin-top: 4px; }
.bk-accessory { flex: 0 0 auto; }
.bk-context { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px;
  font-size: 12px; color: #616061; }
.bk-divider { border: 0; border-top: 1px solid #ddd; margin: 10px 0; }
.bk-actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; align-items: center; }
.bk-button { display: inline-block; padding: 0 12px; height: 28px; line-height: 26px;
  font-size: 13px; font-weight: 700; border-radius: 4px; border: 1px solid rgba(29,28,29,.3);
  background: #fff; color: #1d1c1d; white-space: nowrap; }
.bk-primary { background: PRIMARY; border-color: PRIMARY; color: #fff; }
.bk-danger { background: DANGER; border-color: DANGER; color: #fff; }
.bk-overflow { display: inline-block; width: 28px; height: 28px; line-height: 24px;
  text-align: center; border: 1px solid rgba(29,28,29,.3); border-radius: 4px;
  font-weight: 900; }
.bk-select { display: inline-flex; align-items: center; gap: 6px; min-width: 180px;
  height: 32px; padding: 0 10px; border: 1px solid rgba(29,28,29,.3); border-radius: 4px;
  font-size: 14px; background: #fff; }
.bk-caret { margin-left: auto; color: #616061; }
.bk-chip { background: rgba(29,28,29,.06); border-radius: 3px; padding: 0 6px; }
.bk-placeholder { color: #868686; }
.bk-choices { display: grid; gap: 4px; }
.bk-choice { display: flex; gap: 8px; align-items: flex-start; }
.bk-mark { font-size: 16px; line-height: 1.3; color: #616061; }
.bk-on .bk-mark { color: #1264a3; }
.bk-choice-about { font-size: 13px; color: #616061; }
.bk-input { margin: 12px 0; }
.bk-label { font-weight: 700; margin-bottom: 6px; }
.bk-optional { font-weight: 400; color: #616061; }
.bk-hint { font-size: 13px; color: #616061; margin-top: 4px; }
.bk-textbox { border: 1px solid rgba(29,28,29,.3); border-radius: 4px; padding: 8px 10px;
  min-height: 38px; white-space: pre-wrap; }
.bk-multiline { min-height: 80px; }
.bk-img { display: block; max-width: 360px; max-height: 360px; border-radius: 8px; }
.bk-img-frame { display: inline-flex; align-items: center; justify-content: center;
  background: #f4f4f4; color: #616061; border: 1px solid #e0e0e0; font-size: 13px; }
span.bk-img { width: 360px; height: 200px; }
.bk-img-small { width: 20px; height: 20px; border-radius: 4px; font-size: 12px; }
.bk-img-title { font-size: 13px; color: #616061; margin-bottom: 4px; }
.bk-unknown { font-size: 12px; color: #9a9a9a; }
.bk-rich-list { margin: 2px 0; padding-left: 22px; }
.md-line, .md-li { min-height: 1.46668em; overflow-wrap: anywhere; }
.md-li { padding-left: 14px; text-indent: -14px; }
.md-quote { margin: 4px 0; padding-left: 12px; border-left: 4px solid #ddd; }
.md-pre { margin: 4px 0; padding: 8px; background: rgba(29,28,29,.04);
  border: 1px solid rgba(29,28,29,.13); border-radius: 4px; white-space: pre-wrap;
  font: 12px/1.5 Monaco, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
code { font: 12px Monaco, Menlo, Consolas, "DejaVu Sans Mono", monospace; color: DANGER;
  background: rgba(29,28,29,.04); border: 1px solid rgba(29,28,29,.13); border-radius: 3px;
  padding: 1px 3px; }
.md-link { color: #1264a3; text-decoration: none; }
.md-mention { color: #1264a3; background: rgba(29,155,209,.1); border-radius: 3px;
  padding: 0 2px; }
.md-broadcast { background: rgba(242,199,68,.4); border-radius: 3px; padding: 0 2px; }
.md-shortcode { color: #616061; }
""".replace("PRIMARY", PRIMARY_GREEN)
    .replace("DANGER", DANGER_RED)
    .replace("SIDEBAR", SIDEBAR)
)
