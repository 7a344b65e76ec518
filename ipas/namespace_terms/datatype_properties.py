"""GENERATED — do not edit. Regenerate with `python -m ipas.ontology.namespace_gen`.

The IPAS ontology's datatype properties.
A base class of ``ipas.namespace.IPAS``, which inherits one per kind of term.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class IpasDatatypeProperties(DefinedNamespace):
    """Datatype properties of the IPAS ontology (core and extension modules)."""

    _fail = True
    _NS = Namespace("https://w3id.org/ipas/ontology#")

    accountNumber: URIRef  # account number
    addressLocality: URIRef  # address locality
    addressRegion: URIRef  # address region
    ageGroup: URIRef  # age group
    alias: URIRef  # alias
    amount: URIRef  # amount
    assessedValue: URIRef  # assessed value
    baseCurrency: URIRef  # base currency
    batchStatus: URIRef  # batch status
    bic: URIRef  # BIC
    blockchain: URIRef  # blockchain
    calibre: URIRef  # calibre
    callSign: URIRef  # call sign
    capabilityType: URIRef  # capability type
    caseNumber: URIRef  # case number
    cbpPortCode: URIRef  # CBP port code
    charge: URIRef  # charge
    checksumSha256: URIRef  # SHA-256 checksum
    countryCode: URIRef  # country code
    court: URIRef  # court
    currency: URIRef  # currency
    dataset: URIRef  # dataset
    date: URIRef  # date
    dateOfBirth: URIRef  # date of birth
    deceptive: URIRef  # deceptive
    declaredValue: URIRef  # declared value
    dissolutionDate: URIRef  # dissolution date
    emailAddress: URIRef  # e-mail address
    endDate: URIRef  # end date
    eventCount: URIRef  # event count
    expiryDate: URIRef  # expiry date
    exportLicenceNumber: URIRef  # export licence number
    familyName: URIRef  # family name
    fatalityCount: URIRef  # fatality count
    feePaid: URIRef  # fee paid
    firstSeen: URIRef  # first seen
    fiscalYear: URIRef  # fiscal year
    fraudulent: URIRef  # fraudulent
    fullAddress: URIRef  # full address
    gender: URIRef  # gender
    givenName: URIRef  # given name
    goodsDescription: URIRef  # goods description
    grossRegisteredTonnage: URIRef  # gross registered tonnage
    hsCode: URIRef  # HS code
    iataCode: URIRef  # IATA code
    iban: URIRef  # IBAN
    identifierValue: URIRef  # identifier value
    imoNumber: URIRef  # IMO number
    incorporationDate: URIRef  # incorporation date
    informationCredibility: URIRef  # information credibility
    invoiceNumber: URIRef  # invoice number
    isMalwareFamily: URIRef  # is malware family
    issueDate: URIRef  # issue date
    killChainPhase: URIRef  # kill chain phase
    landFilter: URIRef  # land filter
    lastSeen: URIRef  # last seen
    legOrder: URIRef  # leg order
    legalForm: URIRef  # legal form
    licenceNumber: URIRef  # licence number
    loadOptionsDigest: URIRef  # load options digest
    loaderName: URIRef  # loader name
    make: URIRef  # make
    malwareFamily: URIRef  # malware family
    middleName: URIRef  # middle name
    mmsi: URIRef  # MMSI
    model: URIRef  # model
    month: URIRef  # month
    msrpValue: URIRef  # MSRP value
    observableType: URIRef  # observable type
    observableValue: URIRef  # observable value
    observationCount: URIRef  # observation count
    observedValue: URIRef  # observed value
    owningAgency: URIRef  # owning agency
    patronymic: URIRef  # patronymic
    pattern: URIRef  # pattern
    patternType: URIRef  # pattern type
    percentage: URIRef  # percentage
    periodEnd: URIRef  # period end
    periodStart: URIRef  # period start
    phoneNumber: URIRef  # phone number
    position: URIRef  # position
    postalCode: URIRef  # postal code
    previousName: URIRef  # previous name
    programmeCode: URIRef  # programme code
    promisedWork: URIRef  # promised work
    provisions: URIRef  # provisions
    purpose: URIRef  # purpose
    quantity: URIRef  # quantity
    quarantineCount: URIRef  # quarantine count
    quoteCurrency: URIRef  # quote currency
    rate: URIRef  # rate
    rateSource: URIRef  # rate source
    reason: URIRef  # reason
    recordCount: URIRef  # record count
    registrationMark: URIRef  # registration mark
    relationshipKind: URIRef  # relationship kind
    rightNumber: URIRef  # right registration number
    roleTitle: URIRef  # role title
    sectorCode: URIRef  # sector code
    sentence: URIRef  # sentence
    serialNumber: URIRef  # serial number
    serialObliterated: URIRef  # serial obliterated
    sex: URIRef  # sex
    sharedWith: URIRef  # shared with
    sharesCount: URIRef  # shares count
    sourceReliability: URIRef  # source reliability
    startDate: URIRef  # start date
    status: URIRef  # status
    streetAddress: URIRef  # street address
    summary: URIRef  # summary
    tonnage: URIRef  # tonnage
    topic: URIRef  # topic
    transactionHash: URIRef  # transaction hash
    unLocode: URIRef  # UN/LOCODE
    vesselType: URIRef  # vessel type
    victimCount: URIRef  # victim count
    vin: URIRef  # VIN
    weakAlias: URIRef  # weak alias
    website: URIRef  # website
    yearOfBirth: URIRef  # year of birth
