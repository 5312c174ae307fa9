"""PyInstaller hook for phonenumbers: the number and short-number metadata, nothing else.

phonenumbers loads each region's metadata lazily with ``__import__``, which the analysis cannot
follow, so those modules are named here. This hook replaces the general one of
pyinstaller-hooks-contrib, which names every submodule, including the geocoding, carrier and
time-zone data the panel never uses and the spec excludes (36 "not found" warnings).
"""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("phonenumbers.data") + collect_submodules(
    "phonenumbers.shortdata"
)
