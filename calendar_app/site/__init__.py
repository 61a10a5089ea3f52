"""The published calendar: month and week pages as a static site, their model, templates and PDF printout."""
