"""Plan files on disk: the TOML schema and values, reading and writing them (atomic, with
conflict checks), and key dates imported from ``.ics`` files. The only code that touches plan files.
"""
