"""Writes of the matching module, one module per step: needs, runs, proposals, matches, follow-ups.

Every step is audited."""
