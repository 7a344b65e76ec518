"""The REST facade's core: a model of the shaped classes (from ontology and shapes) and the
scoped, bound queries that list, fetch, search and traverse them."""
