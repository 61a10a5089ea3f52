"""The planning core: the plan as data, recurrence, regularity checks and pure edits.

No I/O, no clock, no printing, no textual or rich: every function takes what it needs
(``today``, the window) as arguments, so the same plan always gives the same answer.
"""
