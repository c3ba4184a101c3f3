"""``python -m harmledger`` runs the command line."""

from harmledger.cli import main

main()
