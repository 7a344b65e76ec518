"""GENERATED — do not edit. Regenerate with `python -m ipas.ontology.namespace_gen`.

The IPAS ontology's terms, one module per kind; ``ipas.namespace.IPAS`` inherits them all.
"""
