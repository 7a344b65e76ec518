"""``python -m ipas``: the same CLI as the ``ipas`` console script."""

from ipas.cli.main import main

if __name__ == "__main__":  # importing the module (the doctest walk does) must not run the CLI
    main()
