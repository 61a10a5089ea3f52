"""Widgets of the editor: week and month grids, the channel sidebar, slot details."""
