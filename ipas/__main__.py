"""``python -m ipas``: the same CLI as the ``ipas`` console script."""

from ipas.cli.main import main

main()
