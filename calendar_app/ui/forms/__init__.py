"""The editor's form logic as plain data: field texts in, model values and problems out (no Textual here)."""
