"""Read the actor records that resolution compares out of a store, within a caller's scope.

A few SELECTs, one per kind of attribute, so that no query multiplies names by dates by
identifiers. Kinds follow the ontology's class tree (``rdfs:subClassOf*``), so every subclass
of Organization (Company, Cartel, FinancialInstitution...) counts as an organisation.
Identifiers keep their scheme; source-internal record numbers (an OFAC entity number, an ICIJ
node id) are left out, since two records of one source with different numbers say nothing
about whether two sources describe one actor.
"""

from __future__ import annotations

from rdflib.term import Node

from ipas.resolution.records import Record
from ipas.store.base import Scope, Store

IPAS = "https://w3id.org/ipas/ontology#"
_PREFIXES = f"""PREFIX ipas: <{IPAS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: Classes resolution reads, most specific first where one node could match two.
KIND_CLASSES = (("Person", "person"), ("Vessel", "vessel"), ("Aircraft", "aircraft"),
                ("Account", "account"), ("Address", "address"), ("Organization", "organization"))

#: Schemes that number a source's own records rather than identify an actor.
SOURCE_SCHEMES = frozenset({f"{IPAS}Scheme_OfacEntityNumber", f"{IPAS}Scheme_IcijNodeId",
                            f"{IPAS}Scheme_StixId", f"{IPAS}Scheme_OpenSanctionsId"})

_VALUES = " ".join(f'(ipas:{cls} "{kind}")' for cls, kind in KIND_CLASSES)

ACTORS = _PREFIXES + f"""SELECT ?s ?kind WHERE {{
  VALUES (?cls ?kind) {{ {_VALUES} }}
  ?t rdfs:subClassOf* ?cls . ?s a ?t . FILTER(isIRI(?s))
}}"""

_NAMES = _PREFIXES + """SELECT ?s ?v WHERE {
  ?s rdfs:label|ipas:alias|ipas:weakAlias|ipas:previousName|ipas:fullAddress ?v .
  FILTER(isIRI(?s) && isLiteral(?v))
}"""

_DATES = _PREFIXES + """SELECT ?s ?v WHERE {
  ?s ipas:dateOfBirth|ipas:yearOfBirth|ipas:incorporationDate ?v . FILTER(isIRI(?s))
}"""

_COUNTRY = "OPTIONAL { ?c ipas:countryCode ?code } BIND(LCASE(COALESCE(STR(?code), STR(?c))) AS ?v)"

_NATIONALITIES = _PREFIXES + f"""SELECT ?s ?v WHERE {{
  ?s ipas:nationality|ipas:citizenship ?c . FILTER(isIRI(?s)) {_COUNTRY}
}}"""

_COUNTRIES = _PREFIXES + f"""SELECT ?s ?v WHERE {{
  ?s ipas:country|ipas:jurisdiction|ipas:flag|(ipas:address/ipas:country) ?c .
  FILTER(isIRI(?s)) {_COUNTRY}
}}"""

_IDENTIFIERS = _PREFIXES + """SELECT ?s ?scheme ?v WHERE {
  { ?s ipas:hasIdentifier ?i . ?i ipas:identifierValue ?v .
    OPTIONAL { ?i ipas:identifierScheme ?declared }
    BIND(COALESCE(?declared, ipas:Scheme_Other) AS ?scheme) }
  UNION { ?s ipas:hasIdentityDocument ?i . ?i ipas:identifierValue ?v ; a ?scheme .
          FILTER(?scheme IN (ipas:Passport, ipas:NationalIdentityCard)) }
  UNION { ?s ipas:imoNumber ?v . BIND(ipas:Scheme_ImoNumber AS ?scheme) }
  UNION { ?s ipas:mmsi ?v . BIND(ipas:mmsi AS ?scheme) }
  UNION { ?s ipas:registrationMark ?v . BIND(ipas:registrationMark AS ?scheme) }
  UNION { ?s ipas:accountNumber ?v . BIND(ipas:accountNumber AS ?scheme) }
  UNION { ?s ipas:iban ?v . BIND(ipas:iban AS ?scheme) }
  FILTER(isIRI(?s))
}"""

_ADDRESSES = _PREFIXES + """SELECT ?s ?v WHERE {
  ?s ipas:address ?a . ?a ipas:fullAddress|rdfs:label ?v . FILTER(isIRI(?s))
}"""


def visible_actors(store: Store, scope: Scope) -> dict[str, str]:
    """Every actor IRI readable in ``scope``, with its kind."""
    kinds: dict[str, str] = {}
    order = {kind: n for n, (_, kind) in enumerate(KIND_CLASSES)}
    for row in store.select(ACTORS, scope=scope).rows:
        iri, kind = str(row["s"]), str(row["kind"])
        if iri not in kinds or order[kind] < order[kinds[iri]]:
            kinds[iri] = kind
    return kinds


def extract_records(store: Store, scope: Scope) -> list[Record]:
    """The actor records readable in ``scope``, in IRI order (deterministic runs)."""
    kinds = visible_actors(store, scope)
    records = {iri: Record(iri, kind, []) for iri, kind in kinds.items()}

    def rows(query: str) -> list[dict[str, Node]]:
        return [r for r in store.select(query, scope=scope).rows if str(r["s"]) in records]

    for row in rows(_NAMES):
        name = str(row["v"]).strip()
        record = records[str(row["s"])]
        if name and name not in record.names:
            record.names.append(name)
    for row in rows(_DATES):
        records[str(row["s"])].dobs.add(str(row["v"])[:10])
    for row in rows(_NATIONALITIES):
        records[str(row["s"])].nationalities.add(str(row["v"]))
    for row in rows(_COUNTRIES):
        records[str(row["s"])].countries.add(str(row["v"]))
    for row in rows(_IDENTIFIERS):
        scheme = str(row["scheme"])
        if scheme not in SOURCE_SCHEMES:
            records[str(row["s"])].add_identifier(scheme, str(row["v"]))
    for row in rows(_ADDRESSES):
        records[str(row["s"])].addresses.add(str(row["v"]).lower())
    return [records[iri] for iri in sorted(records) if records[iri].names]
