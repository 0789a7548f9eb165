"""Disclosure: who may see what, decided in one place (DESIGN.md, spine 4).

Handlers and templates ask this package; they never decide visibility themselves.
"""

from xinyong.disclosure.policy import DisclosurePolicy, Sight

__all__ = ["DisclosurePolicy", "Sight"]
