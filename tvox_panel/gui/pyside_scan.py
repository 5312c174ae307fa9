"""A lighter answer to the question PySide6 asks about every module imported after it.

PySide6's ``__feature__`` support hooks ``import``: the first time a module runs an import
statement, PySide6 decides whether that module "uses PySide6" by calling
``inspect.getsource(module)`` and looking for the word ``PySide6`` in it. ``getsource`` goes
through ``linecache``, so the full source of every such module (the panel's own and all the
standard library it pulls in later: http.client, email, sqlite3, json...) is split into lines
and kept in memory for the life of the process. Measured on the panel: about 15 ms of start-up
and 3 MB of resident memory (``python -m benchmarks --only startup memory``).

``install()`` replaces that check with one that gives the same answer (the same substring in
the same file) by reading the file's bytes once and keeping nothing, and that knows without
reading that no standard-library module mentions PySide6. Anything it cannot read
the plain way (no ``__file__``, not a ``.py`` file, an unreadable file) goes to PySide6's own
check, and a PySide6 without that hook is left untouched, so a later release can only make
this a no-op, never a failure.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_MARK = "_tvox_panel_plain_read"
_FEATURE_MODULES = ("shibokensupport.feature", "PySide6.support.feature")


def _feature_module() -> ModuleType | None:
    for name in _FEATURE_MODULES:
        module = sys.modules.get(name)
        if module is not None and callable(getattr(module, "_mod_uses_pyside", None)):
            return module
    return None


def installed() -> bool:
    """True when PySide6's check is the plain-read one."""
    feature = _feature_module()
    return feature is not None and getattr(feature._mod_uses_pyside, _MARK, False)


def install() -> bool:
    """Load QtCore (which sets up the hook) and swap in the plain-read check.

    Returns:
        True when the check is now the plain-read one; False on a PySide6 without the hook.
    """
    import PySide6.QtCore  # noqa: F401  (sets up the import hook this adjusts)

    feature = _feature_module()
    if feature is None:
        return False
    original: Callable[[ModuleType], bool] = feature._mod_uses_pyside
    if getattr(original, _MARK, False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        name = getattr(module, "__name__", "")
        if isinstance(name, str) and name.partition(".")[0] in sys.stdlib_module_names:
            return False  # the standard library never mentions PySide6: nothing to read
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    setattr(uses_pyside, _MARK, True)
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 (a module attribute)
    return True
