"""编辑台: the editing desk, a local web app for organisers (make desk).

Forms come from the same models as the validator (kb.content.models via the
JSON Schemas), every save goes through the validator, and 发布 saves a git
version before it builds. Modules, one concern each:

  items.py      the kinds the desk edits and where their files live
  yamlmerge.py  writing a YAML file from a form without losing its comments
  checking.py   validating a candidate save, messages mapped to form fields
  saving.py     atomic writes, drafts beside the item, stale-tab refusal
  uploads.py    pictures dropped into the editor: checked, resized, stored
  preview.py    Markdown preview and a real build of the page
  publish.py    版本 (git commit) then site, PDFs and USB edition, as a job
  history.py    历史: versions, what changed, restore
  auth.py       users, sessions, CSRF, login rate limit, the write log
  app.py        the HTTP routes (Starlette)
"""
