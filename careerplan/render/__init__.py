"""Renderers: turn domain objects into terminal views, markdown, HTML, JSON and ICS."""
