"""The speed layer of ``export``: what an export keeps for the next one (channel records, packs,
the plan snapshot) so it renders again only what changed. Deleting it changes no byte of output.
"""
