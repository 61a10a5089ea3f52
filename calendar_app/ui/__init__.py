"""The Textual editor: `calendar-app` (or `calendar-app edit`) opens it on a plans folder.

It owns a small App (`app.py`: screens, navigation, background work), the edit workflow
(`workflow.py`: a form's answer checked, written, conflicts asked, undone and redone), the session
(`session.py`: the plan as loaded, file stamps, history, slot cache), screens and widgets that post
past-tense messages, and the forms' logic as plain data (`forms/`, no Textual).
"""
