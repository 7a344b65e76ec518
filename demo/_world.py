"""Reference data of the demo (TLP:CLEAR): places with WKT points, agencies, pathways and legs.

Places and agencies are real (so that the geography is realistic); pathways are the demo's
fictional corridors through them.
"""

from __future__ import annotations

from _emit import Doc, iri
from rdflib import Literal, URIRef

from ipas.namespace import GEO, IPAS, RDF

L = IPAS

# key: (class, label, parent key or None, country key, lon, lat, extra)
PLACES: list[tuple[str, URIRef, str, str | None, str, float, float]] = [
    ("us", L.Country, "United States", None, "us", -98.5795, 39.8283),
    ("mx", L.Country, "Mexico", None, "mx", -102.5528, 23.6345),
    ("gt", L.Country, "Guatemala", None, "gt", -90.2308, 15.7835),
    ("co", L.Country, "Colombia", None, "co", -74.2973, 4.5709),
    ("it", L.Country, "Italy", None, "it", 12.5674, 41.8719),
    ("southwest-border", L.Region, "Southwest Border", "us", "us", -108.0, 31.8),
    ("arizona", L.Region, "Arizona", "us", "us", -111.0937, 34.0489),
    ("california", L.Region, "California", "us", "us", -119.4179, 36.7783),
    ("sonora", L.Region, "Sonora", "mx", "mx", -110.3309, 29.2972),
    ("sinaloa", L.Region, "Sinaloa", "mx", "mx", -107.4912, 25.1721),
    ("baja-california", L.Region, "Baja California", "mx", "mx", -115.0970, 30.8406),
    ("chiapas", L.Region, "Chiapas", "mx", "mx", -92.6376, 16.7569),
    ("cdmx", L.Region, "Ciudad de México", "mx", "mx", -99.1332, 19.4326),
    ("san-marcos", L.Region, "San Marcos (department)", "gt", "gt", -91.7958, 14.9659),
    ("escuintla", L.Region, "Escuintla (department)", "gt", "gt", -90.7855, 14.3050),
    ("valle-del-cauca", L.Region, "Valle del Cauca", "co", "co", -76.5225, 3.8009),
    ("guatemala-city", L.City, "Guatemala City", "gt", "gt", -90.5069, 14.6349),
    ("tecun-uman", L.City, "Tecún Umán", "san-marcos", "gt", -92.1397, 14.6786),
    ("tapachula", L.City, "Tapachula", "chiapas", "mx", -92.2575, 14.9039),
    ("mexico-city", L.City, "Mexico City", "cdmx", "mx", -99.1332, 19.4326),
    ("culiacan", L.City, "Culiacán", "sinaloa", "mx", -107.3940, 24.8091),
    ("hermosillo", L.City, "Hermosillo", "sonora", "mx", -110.9559, 29.0729),
    ("nogales-sonora", L.City, "Nogales, Sonora", "sonora", "mx", -110.9422, 31.3086),
    ("tijuana", L.City, "Tijuana", "baja-california", "mx", -117.0382, 32.5149),
    ("nogales-arizona", L.City, "Nogales, Arizona", "arizona", "us", -110.9381, 31.3404),
    ("tucson", L.City, "Tucson", "arizona", "us", -110.9747, 32.2226),
    ("phoenix", L.City, "Phoenix", "arizona", "us", -112.0740, 33.4484),
    ("los-angeles", L.City, "Los Angeles", "california", "us", -118.2437, 34.0522),
    ("buenaventura", L.Port, "Port of Buenaventura", "valle-del-cauca", "co", -77.0312, 3.8801),
    ("puerto-quetzal", L.Port, "Puerto Quetzal", "escuintla", "gt", -90.7856, 13.9226),
    ("mex-airport", L.Airport, "Mexico City International Airport", "cdmx", "mx",
     -99.0721, 19.4363),
    ("lax", L.Airport, "Los Angeles International Airport", "california", "us",
     -118.4085, 33.9416),
    ("tecun-uman-crossing", L.BorderCrossing, "Tecún Umán – Ciudad Hidalgo crossing (Suchiate)",
     "san-marcos", "gt", -92.1460, 14.6790),
    ("deconcini-poe", L.BorderCrossing, "Nogales DeConcini Port of Entry", "arizona", "us",
     -110.9408, 31.3336),
    ("mariposa-poe", L.BorderCrossing, "Nogales Mariposa Port of Entry", "arizona", "us",
     -110.9664, 31.3436),
    ("san-ysidro-poe", L.BorderCrossing, "San Ysidro Port of Entry", "california", "us",
     -117.0296, 32.5422),
    ("tucson-sector", L.AreaOfResponsibility, "Tucson Field Office area of responsibility",
     "arizona", "us", -111.0, 32.0),
]

CODES = {"us": "US", "mx": "MX", "gt": "GT", "co": "CO", "it": "IT"}
LOCODES = {
    "buenaventura": "COBUN", "puerto-quetzal": "GTPRQ", "nogales-arizona": "USNOG",
    "nogales-sonora": "MXNOG", "tijuana": "MXTIJ", "tapachula": "MXTAP",
}
IATA = {"mex-airport": "MEX", "lax": "LAX"}
#: CBP port codes of the places that are U.S. ports of entry (both Nogales crossings are
#: port 2604, Nogales, Arizona).
PORTS_OF_ENTRY = {"deconcini-poe": "2604", "mariposa-poe": "2604", "san-ysidro-poe": "2504",
                  "lax": "2720"}
# key: (label, sector code, region key, lon, lat)
SECTORS = [
    ("tucson-bp-sector", "Tucson Sector (U.S. Border Patrol)", "TCA", "arizona", -111.0, 31.9),
    ("san-diego-bp-sector", "San Diego Sector (U.S. Border Patrol)", "SDC", "california",
     -116.9, 32.6),
]

# key: (label, kind, parent agency key or None, country key, extra class)
AGENCIES: list[tuple[str, str, str | None, str, URIRef]] = [
    ("dhs", "U.S. Department of Homeland Security", None, "us", L.Agency),
    ("ice-hsi", "U.S. Immigration and Customs Enforcement – Homeland Security Investigations",
     "dhs", "us", L.Agency),
    ("cbp", "U.S. Customs and Border Protection", "dhs", "us", L.Agency),
    ("usbp", "U.S. Border Patrol", "cbp", "us", L.Agency),
    ("doj", "U.S. Department of Justice", None, "us", L.Agency),
    ("dea", "Drug Enforcement Administration", "doj", "us", L.Agency),
    ("atf", "Bureau of Alcohol, Tobacco, Firearms and Explosives", "doj", "us", L.Agency),
    ("usao-az", "U.S. Attorney's Office, District of Arizona", "doj", "us", L.Agency),
    ("dos", "U.S. Department of State", None, "us", L.Agency),
    ("dod", "U.S. Department of Defense", None, "us", L.Agency),
    ("jtf-north", "Joint Task Force North (DOD counter-drug support)", "dod", "us", L.Agency),
    ("ofac", "Office of Foreign Assets Control (U.S. Treasury)", None, "us", L.Agency),
    ("gt-tciu", "Guatemala Transnational Criminal Investigative Unit (TCIU)", None, "gt",
     L.PartnerUnit),
    ("gt-pnc", "Policía Nacional Civil de Guatemala", None, "gt", L.Agency),
    ("mx-anam", "Agencia Nacional de Aduanas de México (ANAM)", None, "mx", L.Agency),
]

# Pathways: key -> (label, [(from, to, modes)])
PATHWAYS: dict[str, tuple[str, list[tuple[str, str, tuple[URIRef, ...]]]]] = {
    "pacific-nogales": (
        "Pacific corridor: Guatemala City – Tapachula – Nogales (northbound)",
        [
            ("guatemala-city", "tecun-uman-crossing", (L.Mode_Land,)),
            ("tecun-uman-crossing", "tapachula", (L.Mode_Land,)),
            ("tapachula", "culiacan", (L.Mode_Land,)),
            ("culiacan", "nogales-sonora", (L.Mode_Land,)),
            ("nogales-sonora", "deconcini-poe", (L.Mode_Land,)),
            ("deconcini-poe", "tucson", (L.Mode_Land,)),
            ("tucson", "phoenix", (L.Mode_Land,)),
        ],
    ),
    "pacific-maritime": (
        "Pacific maritime feeder: Buenaventura – Puerto Quetzal (northbound)",
        [
            ("buenaventura", "puerto-quetzal", (L.Mode_Sea,)),
            ("puerto-quetzal", "guatemala-city", (L.Mode_Land,)),
        ],
    ),
    "baja-san-ysidro": (
        "Baja corridor: Culiacán – Tijuana – San Ysidro (northbound)",
        [
            ("culiacan", "tijuana", (L.Mode_Land,)),
            ("tijuana", "san-ysidro-poe", (L.Mode_Land, L.Mode_Tunnel)),
            ("san-ysidro-poe", "los-angeles", (L.Mode_Land,)),
        ],
    ),
    "air-courier": (
        "Express consignment: Mexico City – Los Angeles (northbound)",
        [
            ("mexico-city", "mex-airport", (L.Mode_Land,)),
            ("mex-airport", "lax", (L.Mode_Air, L.Mode_PostalCourier)),
            ("lax", "los-angeles", (L.Mode_PostalCourier,)),
        ],
    ),
    "southbound-nogales": (
        "Southbound corridor: Phoenix – Nogales – Culiacán (cash and firearms)",
        [
            ("phoenix", "tucson", (L.Mode_Land,)),
            ("tucson", "deconcini-poe", (L.Mode_Land,)),
            ("deconcini-poe", "nogales-sonora", (L.Mode_Land,)),
            ("nogales-sonora", "hermosillo", (L.Mode_Land,)),
            ("hermosillo", "culiacan", (L.Mode_Land,)),
        ],
    ),
}

PLACE_COUNTRY = {key: country for key, _c, _l, _p, country, _x, _y in PLACES}


def place(key: str) -> URIRef:
    if key not in PLACE_COUNTRY:
        raise KeyError(f"unknown place {key!r}")
    return iri("location", key)


def agency(key: str) -> URIRef:
    return iri("agency", key)


def pathway(key: str) -> URIRef:
    if key not in PATHWAYS:
        raise KeyError(f"unknown pathway {key!r}")
    return iri("pathway", key)


def build(doc: Doc) -> None:
    """Places (with geometry), agencies, pathways and their legs."""
    doc.section("Places (real; WKT points in CRS84 longitude latitude)")
    for key, cls, label, parent, country, lon, lat in PLACES:
        s = doc.node("location", key, cls, label=label)
        if cls == L.Country:
            doc.add(s, L.countryCode, CODES[key])
        else:
            doc.add(s, L.locatedIn, place(parent) if parent else None)
            doc.add(s, L.country, place(country))
        doc.add(s, L.unLocode, LOCODES.get(key))
        doc.add(s, L.iataCode, IATA.get(key))
        if key in PORTS_OF_ENTRY:
            doc.add(s, RDF.type, L.PortOfEntry)
            doc.add(s, L.cbpPortCode, PORTS_OF_ENTRY[key])
        geom = doc.node("geometry", key, GEO.Geometry)
        doc.add(s, GEO.hasGeometry, geom)
        doc.add(geom, GEO.asWKT, Literal(f"POINT({lon} {lat})", datatype=GEO.wktLiteral))

    doc.section("Border Patrol sectors (real)")
    for key, label, code, region, lon, lat in SECTORS:
        s = doc.node("location", key, L.BorderPatrolSector, label=label)
        doc.add(s, L.sectorCode, code)
        doc.add(s, L.locatedIn, place(region))
        doc.add(s, L.country, place("us"))
        geom = doc.node("geometry", key, GEO.Geometry)
        doc.add(s, GEO.hasGeometry, geom)
        doc.add(geom, GEO.asWKT, Literal(f"POINT({lon} {lat})", datatype=GEO.wktLiteral))

    doc.section("Agencies and partner units (real bodies)")
    for key, label, parent, country, cls in AGENCIES:
        s = doc.node("agency", key, cls, label=label)
        doc.add(s, L.subOrganizationOf, agency(parent) if parent else None)
        doc.add(s, L.country, place(country))

    doc.section("Pathways (fictional corridors) and their ordered legs")
    for key, (label, legs) in PATHWAYS.items():
        p = doc.node("pathway", key, L.Pathway, label=label)
        doc.add(p, L.direction, L.Direction_Southbound if "southbound" in label.lower()
                else L.Direction_Northbound)
        doc.add(p, L.hasLeg, *(iri("leg", f"{key}-{n}") for n in range(1, len(legs) + 1)))
        for n, (src, dst, modes) in enumerate(legs, start=1):
            leg = doc.node("leg", f"{key}-{n}", L.Leg, label=f"{label.split(':')[0]}, leg {n}")
            doc.add(leg, L.legOf, p)
            doc.add(leg, L.legOrder, n)
            doc.add(leg, L.fromLocation, place(src))
            doc.add(leg, L.toLocation, place(dst))
            doc.add(leg, L.mode, *modes)
