"""The ``harmledger`` command line, one package.

- ``root.py`` builds the Typer app (global options) and registers the command modules listed
  in ``root.COMMAND_MODULES``, in that one place;
- ``ledger.py``, ``offline.py``, ``incidents.py``: the commands, each module with a
  ``register_commands(app)``; they import ``common.py`` and never the root or each other;
- ``common.py``: the consoles, the settings of a run, the ledger it opens.

The stages are imported inside the commands, so ``harmledger --help`` loads neither spaCy nor
numpy. The console script is ``harmledger = "harmledger.cli:main"``.
"""

from harmledger.cli.common import err, out
from harmledger.cli.ledger import ExportFormat
from harmledger.cli.root import app, main

__all__ = ["ExportFormat", "app", "err", "main", "out"]
