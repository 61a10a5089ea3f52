"""The Textual editor: `calendar-app` (or `calendar-app edit`) opens it on a plans folder."""
