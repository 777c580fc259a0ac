"""``python -m empathica.cli`` runs the same command as the ``empathica`` script."""

from empathica.cli import main

main()
