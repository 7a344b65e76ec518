"""The later IPAS phases, one demo batch each (TLP:AMBER): intellectual property theft,
cybercrime, money laundering and counter-proliferation, each using its extension module
(ontology/extensions/*.ttl) and touching the Valle Dorado story where a real case would.

As in demo/_smuggling.py, nothing here adds a Shipment on a pathway, a Seizure on a pathway,
a Facilitation or a Transfer from an existing actor, and every date is before 2025-09-01, so
the answers demo/README.md documents for the older queries do not change.
"""

from __future__ import annotations

from datetime import date as d
from decimal import Decimal

from _cast import account, company, org, person
from _emit import Doc, iri
from _intel import report
from _world import agency, place
from rdflib import URIRef

from ipas.namespace import IPAS

L = IPAS
A = "TLP:AMBER"


def _report(doc: Doc, key: str, when: d, originator: str, summary: str,
            supports: list[URIRef]) -> URIRef:
    return report(doc, key, when, L.Source_Document, "B2", A, originator, summary, supports, [])


def ip_theft(doc: Doc) -> None:
    """Counterfeit watches and pills through LAX: rights holders, rights, IPR seizures."""
    doc.section("Rights holders and their registered rights")
    rights: dict[str, URIRef] = {}
    for key, holder, label, mark, number in [
        ("cronos", "Cronos Horlogerie SA", "CRONOS (word mark)", L.Right_Trademark, "TMK 19-04417"),
        ("medisur", "Medisur Pharmaceuticals Inc.", "XANAPRIM (word mark)", L.Right_Trademark,
         "TMK 21-10022"),
        ("medisur-patent", "Medisur Pharmaceuticals Inc.", "US Patent 10,998,211 (tablet "
         "formulation)", L.Right_Patent, "US10998211"),
    ]:
        h = iri("company", key.split("-")[0])
        if h not in doc.subjects:
            doc.node("company", key.split("-")[0], L.RightsHolder, label=holder)
        r = doc.node("ip-right", key, L.IntellectualPropertyRight, label=label)
        doc.add(r, L.rightsHolder, h)
        doc.add(r, L.rightType, mark)
        doc.add(r, L.rightNumber, number)
        rights[key] = r

    doc.section("The counterfeit network, its consignments and the IPR seizures")
    ring = doc.node("organization", "red-relojera", L.TraffickingEnterprise,
                    label="Red Relojera del Pacífico")
    doc.add(ring, L.country, place("mx"))
    importer = doc.node("company", "lumen-imports", L.FrontCompany, label="Lumen Imports LLC")
    doc.add(importer, L.country, place("us"))
    seizures = []
    for key, when, commodity, qty, msrp, infringed in [
        ("lax-20250114", d(2025, 1, 14), L.Commodity_CounterfeitWatchesJewelry, "1200",
         "3480000", ["cronos"]),
        ("lax-20250302", d(2025, 3, 2), L.Commodity_CounterfeitPharmaceuticals, "40000",
         "612000", ["medisur", "medisur-patent"]),
        ("lax-20250619", d(2025, 6, 19), L.Commodity_CounterfeitWatchesJewelry, "860",
         "2494000", ["cronos"]),
    ]:
        s = doc.node("shipment", f"ipr-{key}", L.Shipment, label=f"Express consignment {key}")
        doc.add(s, L.shippedBy, ring)
        doc.add(s, L.consignee, importer)
        doc.add(s, L.onBehalfOf, org("valle-dorado") if "20250302" in key else None)
        doc.add(s, L.commodity, commodity)
        doc.add(s, L.quantity, Decimal(qty))
        doc.add(s, L.unit, L.Unit_Item)
        doc.add(s, L.mode, L.Mode_Air)
        doc.add(s, L.fromLocation, place("mex-airport"))
        doc.add(s, L.toLocation, place("lax"))
        doc.add(s, L.date, when)
        z = doc.node("seizure", f"ipr-{key}", L.IprSeizure, label=f"IPR seizure at LAX, {when}")
        doc.add(z, L.shipment, s)
        doc.add(z, L.infringedRight, *(rights[k] for k in infringed))
        doc.add(z, L.commodity, commodity)
        doc.add(z, L.quantity, Decimal(qty))
        doc.add(z, L.unit, L.Unit_Item)
        doc.add(z, L.msrpValue, Decimal(msrp))
        doc.add(z, L.currency, "USD")
        doc.add(z, L.place, place("lax"))
        doc.add(z, L.agency, agency("cbp"))
        doc.add(z, L.date, when)
        seizures.append(z)
    _report(doc, "ir-ipr-01", d(2025, 7, 1), "ice-hsi",
            "IPR Center summary: three LAX consignments from Red Relojera del Pacífico to Lumen "
            "Imports; the pill consignment was paid for by Valle Dorado.", seizures)


def cyber(doc: Doc) -> None:
    """A ransomware attack paid in bitcoin, followed wallet to wallet to a cash-out broker."""
    doc.section("Wallets")
    wallets = {}
    for key, label, address in [
        ("ransom-deposit", "Ransom deposit wallet", "bc1q9h7garjn0ap5n3dk8w0c6qvhy2x4y3tz0m4n7p"),
        ("peel-1", "Peel-chain wallet 1", "bc1qk3v0ud9ef2xw6t8c0yq9v7mn5aj2p4rl8s6h3d"),
        ("otc-broker", "OTC broker wallet (Culiacán)",
         "bc1qx7d2m9q4wfj8e3r6t0ycu5k2n8a4p7s9l3v6h0"),
        ("vd-treasury", "Valle Dorado treasury wallet",
         "bc1qz4n8p2k6w0d3j7f9h5t1r8m2c6v4x0y7e3s9q1"),
    ]:
        w = doc.node("account", f"wallet-{key}", L.CryptocurrencyWallet, label=label)
        doc.add(w, L.accountNumber, address)
        doc.add(w, L.blockchain, "BTC")
        wallets[key] = w
    broker = doc.node("person", "ramon-quintero", L.Person, label="Ramón Quintero Lizárraga")
    doc.add(broker, L.nationality, place("mx"))
    doc.add(wallets["otc-broker"], L.holder, broker)
    crew = doc.node("organization", "obsidian-spider", L.CriminalOrganization,
                    label="Obsidian Spider (ransomware affiliate)")
    clinic = doc.node("company", "hospital-santa-cruz", L.Company,
                      label="Santa Cruz Valley Regional Hospital")
    doc.add(clinic, L.country, place("us"))

    doc.section("The attack, the ransom and the peel chain")
    hops = [("ransom", d(2025, 2, 6), None, "ransom-deposit", "3.1", clinic, crew),
            ("peel-1", d(2025, 2, 7), "ransom-deposit", "peel-1", "3.05", crew, crew),
            ("to-broker", d(2025, 2, 9), "peel-1", "otc-broker", "2.9", crew, broker),
            ("broker-vd", d(2025, 2, 21), "otc-broker", "vd-treasury", "1.4", broker,
             org("valle-dorado"))]
    transfers = []
    for n, (key, when, src, dst, btc, payer, payee) in enumerate(hops, start=1):
        t = doc.node("transfer", f"btc-{key}", L.CryptoTransfer,
                     label=f"BTC {btc} {key.replace('-', ' ')} ({when})")
        doc.add(t, L.payer, payer)
        doc.add(t, L.payee, payee)
        doc.add(t, L.fromAccount, wallets[src] if src else None)
        doc.add(t, L.toAccount, wallets[dst])
        doc.add(t, L.amount, Decimal(btc))
        doc.add(t, L.currency, "BTC")
        doc.add(t, L.transferMethod, L.Method_Cryptocurrency)
        doc.add(t, L.transactionHash, f"{n:02x}" * 32)
        doc.add(t, L.onBehalfOf, org("valle-dorado") if key == "broker-vd" else None)
        doc.add(t, L.date, when)
        transfers.append(t)
    attack = doc.node("incident", "ransomware-santa-cruz", L.CyberIncident,
                      label="Ransomware attack on Santa Cruz Valley Regional Hospital")
    doc.add(attack, L.incidentType, L.Cyber_Ransomware)
    doc.add(attack, L.cyberVictim, clinic)
    doc.add(attack, L.malwareFamily, "BlackFenix")
    doc.add(attack, L.ransomPayment, transfers[0])
    doc.add(attack, L.attributedTo, crew)
    doc.add(attack, L.place, place("tucson"))
    doc.add(attack, L.date, d(2025, 2, 4))
    fraud = doc.node("incident", "pig-butchering-phoenix", L.CyberIncident,
                     label="Crypto investment fraud against Phoenix retirees")
    doc.add(fraud, L.incidentType, L.Cyber_InvestmentFraud)
    doc.add(fraud, L.attributedTo, org("valle-dorado"))
    doc.add(fraud, L.place, place("phoenix"))
    doc.add(fraud, L.date, d(2025, 5, 12))
    _report(doc, "ir-c3-01", d(2025, 6, 2), "ice-hsi",
            "HSI Cyber Crimes Center tracing: the hospital ransom reached an OTC broker who "
            "also settles bitcoin for Valle Dorado.", [*transfers, attack, fraud])


def laundering(doc: Doc, finance: Doc) -> None:
    """Laundering schemes over the finance batch's trades, deposits and bulk cash."""
    doc.section("A money services business and a funnel account")
    msb = doc.node("company", "envios-del-valle", L.MoneyServicesBusiness,
                   label="Envíos del Valle LLC (money transmitter)")
    doc.add(msb, L.country, place("us"))
    funnel = doc.node("account", "funnel-sonoran", L.FunnelAccount,
                      label="Funnel account held by a nominee at Sonoran Desert Bank")
    doc.add(funnel, L.accountNumber, "4410-0000-9902")
    doc.add(funnel, L.currency, "USD")
    nominee = doc.node("person", "lorena-felix", L.Person, label="Lorena Félix Arredondo")
    doc.add(funnel, L.holder, nominee)
    deposits = []
    for n, (city, amount, when) in enumerate([
            ("phoenix", "9400", d(2025, 3, 3)), ("tucson", "9100", d(2025, 3, 3)),
            ("los-angeles", "8900", d(2025, 3, 4)), ("phoenix", "9800", d(2025, 3, 10)),
            ("los-angeles", "9300", d(2025, 3, 11))], start=1):
        t = doc.node("transfer", f"funnel-deposit-{n:02d}", L.Transfer,
                     label=f"Cash deposit of USD {amount} in {city} ({when})")
        doc.add(t, L.payer, nominee)
        doc.add(t, L.payee, nominee)
        doc.add(t, L.toAccount, funnel)
        doc.add(t, L.amount, Decimal(amount))
        doc.add(t, L.currency, "USD")
        doc.add(t, L.transferMethod, L.Method_CashCourier)
        doc.add(t, L.purpose, "cash deposit")
        doc.add(t, L.place, place(city))
        doc.add(t, L.onBehalfOf, org("valle-dorado"))
        doc.add(t, L.date, when)
        deposits.append(t)
    wire = doc.node("transfer", "msb-remittances-2025-03", L.Transfer,
                    label="Remittances through Envíos del Valle, MXN 1,850,000 (March 2025)")
    doc.add(wire, L.payer, nominee)
    doc.add(wire, L.payee, msb)
    doc.add(wire, L.amount, Decimal("1850000"))
    doc.add(wire, L.currency, "MXN")
    doc.add(wire, L.transferMethod, L.Method_Wire)
    doc.add(wire, L.onBehalfOf, org("valle-dorado"))
    doc.add(wire, L.date, d(2025, 3, 28))

    doc.section("Laundering schemes and their typologies")
    trades = [s for s in finance.subjects if str(s).startswith(str(iri("trade", "")))]
    cash = [s for s in finance.subjects if str(s).startswith(str(iri("transfer", "cash-")))]
    structured = [s for s in finance.subjects
                  if str(s).startswith(str(iri("transfer", "deposit-")))]
    schemes = []
    for key, label, typologies, launderer, events, accounts in [
        ("tbml-produce", "Produce invoices between the fronts", [L.Typology_TradeBased,
         L.Typology_ShellCompanies], company("comercializadora-agricola"), trades, []),
        ("bulk-cash-south", "Bulk cash south through Nogales", [L.Typology_BulkCash],
         org("celula-sonora"), cash, []),
        ("structuring-pfp", "Structured deposits into the U.S. front",
         [L.Typology_Structuring], company("pacific-fresh"), structured,
         [account("pfp-operating")]),
        ("funnel-sonoran", "Funnel account in three cities", [L.Typology_FunnelAccount],
         nominee, deposits, [funnel]),
        ("msb-remittances", "Remittances through a complicit money transmitter",
         [L.Typology_MoneyServicesBusiness], msb, [wire], []),
        ("crypto-cash-out", "Bitcoin settled through an OTC broker", [L.Typology_VirtualAssets],
         person("ramon-quintero"), [iri("transfer", "btc-broker-vd")], []),
    ]:
        s = doc.node("laundering-scheme", key, L.LaunderingScheme, label=label)
        doc.add(s, L.typology, *typologies)
        doc.add(s, L.launderer, launderer)
        doc.add(s, L.proceedsOf, org("valle-dorado"))
        doc.add(s, L.schemeEvent, *events)
        doc.add(s, L.schemeAccount, *accounts)
        doc.add(s, L.startDate, d(2024, 7, 1))
        schemes.append(s)
    _report(doc, "ir-fin-ml-01", d(2025, 8, 12), "ice-hsi",
            "Financial investigation summary: six laundering schemes move Valle Dorado's "
            "proceeds.", schemes)


def counter_proliferation(doc: Doc) -> None:
    """Controlled chips and drone parts diverted to the cartel through Guatemala."""
    doc.section("Exporters, declared end users and the procurement agent")
    exporter = doc.node("company", "sunbelt-components", L.Company,
                        label="Sunbelt Components Inc. (electronics distributor)")
    doc.add(exporter, L.country, place("us"))
    declared = doc.node("company", "agroriego-gt", L.Company,
                        label="AgroRiego Centroamericana S.A. (declared end user)")
    doc.add(declared, L.country, place("gt"))
    agent = doc.node("company", "quetzal-tech-trading", L.ProcurementAgent,
                     label="Quetzal Tech Trading S.A.")
    doc.add(agent, L.country, place("gt"))
    exports = []
    for key, when, entry, commodity, licence, actual, label in [
        ("drone-kits", d(2025, 4, 2), L.Control_9A012, L.Commodity_DualUseGoods, "NLR",
         org("valle-dorado"), "Agricultural drone kits with payload release units"),
        ("rf-modules", d(2025, 5, 15), L.Control_3A001, L.Commodity_DualUseGoods, "NLR",
         org("valle-dorado"), "Frequency-hopping radio modules"),
        ("gpu-boards", d(2025, 6, 20), L.Control_3A090, L.Commodity_DualUseGoods, "NLR",
         agent, "Advanced computing boards"),
    ]:
        x = doc.node("shipment", f"export-{key}", L.ControlledExport, label=label)
        doc.add(x, L.shippedBy, exporter)
        doc.add(x, L.consignee, agent)
        doc.add(x, L.controlClassification, entry)
        doc.add(x, L.commodity, commodity)
        doc.add(x, L.exportLicenceNumber, licence)
        doc.add(x, L.declaredEndUser, declared)
        doc.add(x, L.actualEndUser, actual)
        doc.add(x, L.fromLocation, place("phoenix"))
        doc.add(x, L.viaLocation, place("guatemala-city"))
        doc.add(x, L.toLocation, place("culiacan") if actual != agent else
                place("guatemala-city"))
        doc.add(x, L.mode, L.Mode_Air)
        doc.add(x, L.date, when)
        exports.append(x)
    _report(doc, "ir-ctceu-01", d(2025, 8, 20), "ice-hsi",
            "Counter-Proliferation Investigations: drone kits and radio modules declared for a "
            "Guatemalan irrigation firm were flown on to Culiacán for Valle Dorado.", exports)
