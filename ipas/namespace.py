"""GENERATED — do not edit. Regenerate with `python -m ipas.ontology.namespace_gen`.

The IPAS ontology's terms as an rdflib DefinedNamespace (unknown names raise
AttributeError), plus the standard namespaces the project uses.

>>> IPAS.Facilitation.n3()
'<https://w3id.org/ipas/ontology#Facilitation>'
"""

from rdflib.namespace import (
    DCTERMS,
    GEO,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
    Namespace,
)
from rdflib.term import URIRef

FTM = Namespace("https://schema.followthemoney.tech/#")
ONTOLOGY_IRI = URIRef("https://w3id.org/ipas/ontology")
VERSION_IRI = URIRef("https://w3id.org/ipas/ontology/0.1.0")
VERSION = "0.1.0"


class IPAS(DefinedNamespace):
    """Every term of the IPAS ontology (core and extension modules)."""

    _fail = True
    _NS = Namespace("https://w3id.org/ipas/ontology#")

    # Classes
    Account: URIRef  # Account
    Actor: URIRef  # Actor
    Address: URIRef  # Address
    Agency: URIRef  # Agency
    Aircraft: URIRef  # Aircraft
    Airport: URIRef  # Airport
    AreaOfResponsibility: URIRef  # Area of responsibility
    Arrest: URIRef  # Arrest
    Asset: URIRef  # Asset
    AssetForfeiture: URIRef  # Asset forfeiture
    Association: URIRef  # Association
    Batch: URIRef  # Batch
    BorderCrossing: URIRef  # Border crossing
    Cartel: URIRef  # Cartel
    City: URIRef  # City
    Commodity: URIRef  # Commodity
    Company: URIRef  # Company
    Conveyance: URIRef  # Conveyance
    CoordinationGroup: URIRef  # Coordination group
    Country: URIRef  # Country
    CriminalCell: URIRef  # Criminal cell
    CriminalOrganization: URIRef  # Criminal organization
    CryptocurrencyWallet: URIRef  # Cryptocurrency wallet
    Directorship: URIRef  # Directorship
    Event: URIRef  # Event
    Facilitation: URIRef  # Facilitation
    FacilitationService: URIRef  # Facilitation service
    FamilyRelationship: URIRef  # Family relationship
    FinancialInstitution: URIRef  # Financial institution
    Firearm: URIRef  # Firearm
    FirearmDealer: URIRef  # Firearm dealer
    FirearmPurchase: URIRef  # Firearm purchase
    FrontCompany: URIRef  # Front company
    Gang: URIRef  # Gang
    GovernmentOfficial: URIRef  # Government official
    HandlingMarking: URIRef  # Handling marking
    Identifier: URIRef  # Identifier
    IdentifierScheme: URIRef  # Identifier scheme
    IdentityDocument: URIRef  # Identity document
    Indicator: URIRef  # Indicator
    Indictment: URIRef  # Indictment
    IntelligenceReport: URIRef  # Intelligence report
    Interdiction: URIRef  # Interdiction
    Investigation: URIRef  # Investigation
    LawEnforcementAction: URIRef  # Law enforcement action
    Leg: URIRef  # Leg
    Location: URIRef  # Location
    Membership: URIRef  # Membership
    NationalIdentityCard: URIRef  # National identity card
    Organization: URIRef  # Organization
    Ownership: URIRef  # Ownership
    PartnerUnit: URIRef  # Partner unit
    Passport: URIRef  # Passport
    Pathway: URIRef  # Pathway
    PathwayUse: URIRef  # Pathway use
    Person: URIRef  # Person
    Port: URIRef  # Port
    Prosecution: URIRef  # Prosecution
    ProsecutionOutcome: URIRef  # Prosecution outcome
    RealEstate: URIRef  # Real estate
    Region: URIRef  # Region
    Relationship: URIRef  # Relationship
    Representation: URIRef  # Representation
    Role: URIRef  # Role
    Sanction: URIRef  # Sanction or designation
    SanctionsProgramme: URIRef  # Sanctions programme
    Seizure: URIRef  # Seizure
    SeizureStatistic: URIRef  # Seizure statistic
    ShellCompany: URIRef  # Shell company
    Shipment: URIRef  # Shipment
    SmugglingRing: URIRef  # Smuggling ring
    SourceType: URIRef  # Source type
    StrawPurchasing: URIRef  # Straw purchasing
    TerrorismNexus: URIRef  # Terrorism nexus
    TerroristOrganization: URIRef  # Terrorist organization
    TrackedEntity: URIRef  # Tracked entity
    TradeTransaction: URIRef  # Trade transaction
    TraffickingEnterprise: URIRef  # Trafficking enterprise
    Transfer: URIRef  # Transfer
    TransferMethod: URIRef  # Transfer method
    TransportMode: URIRef  # Transport mode
    Unit: URIRef  # Unit
    Vehicle: URIRef  # Vehicle
    Vessel: URIRef  # Vessel

    # Object properties
    address: URIRef  # address
    agency: URIRef  # agency
    alongPathway: URIRef  # along pathway
    areaOfResponsibility: URIRef  # area of responsibility
    arrestedPerson: URIRef  # arrested person
    authority: URIRef  # authority
    basedOnIndictment: URIRef  # based on indictment
    borderRegion: URIRef  # border region
    citizenship: URIRef  # citizenship
    client: URIRef  # client
    commodity: URIRef  # commodity
    containsLocation: URIRef  # contains location
    conveyance: URIRef  # conveyance
    coordinationGroup: URIRef  # coordination group
    country: URIRef  # country
    dealer: URIRef  # dealer
    defendant: URIRef  # defendant
    directedOrganization: URIRef  # directed organization
    director: URIRef  # director
    documentHolder: URIRef  # document holder
    employedBy: URIRef  # employed by
    exporter: URIRef  # exporter
    facilitatedPathway: URIRef  # facilitated pathway
    facilitator: URIRef  # facilitator
    firearmType: URIRef  # firearm type
    flag: URIRef  # flag
    forfeitedAsset: URIRef  # forfeited asset
    fromAccount: URIRef  # from account
    fromLocation: URIRef  # from location
    hasAction: URIRef  # has action
    hasIdentifier: URIRef  # has identifier
    hasIdentityDocument: URIRef  # has identity document
    hasLeg: URIRef  # has leg
    hasSubOrganization: URIRef  # has sub-organization
    holder: URIRef  # holder
    holdsAccount: URIRef  # holds account
    identifierScheme: URIRef  # identifier scheme
    importer: URIRef  # importer
    indicates: URIRef  # indicates
    institution: URIRef  # institution
    issuingCountry: URIRef  # issuing country
    jurisdiction: URIRef  # jurisdiction
    leadAgency: URIRef  # lead agency
    legOf: URIRef  # leg of
    locatedIn: URIRef  # located in
    marking: URIRef  # marking
    member: URIRef  # member
    memberAgency: URIRef  # member agency
    memberOrganization: URIRef  # member organization
    mentions: URIRef  # mentions
    mode: URIRef  # mode
    nationality: URIRef  # nationality
    network: URIRef  # network
    nexusActor: URIRef  # nexus actor
    onBehalfOf: URIRef  # on behalf of
    originator: URIRef  # originator
    outcome: URIRef  # outcome
    ownedAsset: URIRef  # owned asset
    owner: URIRef  # owner
    partOfInvestigation: URIRef  # part of investigation
    participatingAgency: URIRef  # participating agency
    partnerUnit: URIRef  # partner unit
    party: URIRef  # party
    pathway: URIRef  # pathway
    payee: URIRef  # payee
    payer: URIRef  # payer
    person: URIRef  # person
    place: URIRef  # place
    placeOfBirth: URIRef  # place of birth
    programme: URIRef  # programme
    purchasedFirearm: URIRef  # purchased firearm
    purchaser: URIRef  # purchaser
    relative: URIRef  # relative
    representative: URIRef  # representative
    sanctionedEntity: URIRef  # sanctioned entity
    seizedFrom: URIRef  # seized from
    seizedItem: URIRef  # seized item
    servedNetwork: URIRef  # served network
    service: URIRef  # service
    shipment: URIRef  # shipment
    shippedBy: URIRef  # shipped by
    sourceType: URIRef  # source type
    subOrganizationOf: URIRef  # sub-organization of
    supportedBy: URIRef  # supported by
    supports: URIRef  # supports
    target: URIRef  # target
    targetedBy: URIRef  # targeted by
    terroristOrganization: URIRef  # terrorist organization
    toAccount: URIRef  # to account
    toLocation: URIRef  # to location
    transferMethod: URIRef  # transfer method
    unit: URIRef  # unit

    # Datatype properties
    accountNumber: URIRef  # account number
    addressLocality: URIRef  # address locality
    addressRegion: URIRef  # address region
    alias: URIRef  # alias
    amount: URIRef  # amount
    assessedValue: URIRef  # assessed value
    batchStatus: URIRef  # batch status
    bic: URIRef  # BIC
    calibre: URIRef  # calibre
    callSign: URIRef  # call sign
    caseNumber: URIRef  # case number
    charge: URIRef  # charge
    checksumSha256: URIRef  # SHA-256 checksum
    countryCode: URIRef  # country code
    court: URIRef  # court
    currency: URIRef  # currency
    date: URIRef  # date
    dateOfBirth: URIRef  # date of birth
    declaredValue: URIRef  # declared value
    dissolutionDate: URIRef  # dissolution date
    emailAddress: URIRef  # e-mail address
    endDate: URIRef  # end date
    eventCount: URIRef  # event count
    expiryDate: URIRef  # expiry date
    familyName: URIRef  # family name
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
    issueDate: URIRef  # issue date
    landFilter: URIRef  # land filter
    legOrder: URIRef  # leg order
    legalForm: URIRef  # legal form
    licenceNumber: URIRef  # licence number
    loadOptionsDigest: URIRef  # load options digest
    loaderName: URIRef  # loader name
    make: URIRef  # make
    middleName: URIRef  # middle name
    mmsi: URIRef  # MMSI
    model: URIRef  # model
    month: URIRef  # month
    owningAgency: URIRef  # owning agency
    patronymic: URIRef  # patronymic
    pattern: URIRef  # pattern
    patternType: URIRef  # pattern type
    percentage: URIRef  # percentage
    phoneNumber: URIRef  # phone number
    position: URIRef  # position
    postalCode: URIRef  # postal code
    previousName: URIRef  # previous name
    programmeCode: URIRef  # programme code
    provisions: URIRef  # provisions
    purpose: URIRef  # purpose
    quantity: URIRef  # quantity
    quarantineCount: URIRef  # quarantine count
    reason: URIRef  # reason
    recordCount: URIRef  # record count
    registrationMark: URIRef  # registration mark
    relationshipKind: URIRef  # relationship kind
    roleTitle: URIRef  # role title
    sentence: URIRef  # sentence
    serialNumber: URIRef  # serial number
    serialObliterated: URIRef  # serial obliterated
    sharedWith: URIRef  # shared with
    sharesCount: URIRef  # shares count
    sourceReliability: URIRef  # source reliability
    startDate: URIRef  # start date
    status: URIRef  # status
    streetAddress: URIRef  # street address
    summary: URIRef  # summary
    tonnage: URIRef  # tonnage
    topic: URIRef  # topic
    unLocode: URIRef  # UN/LOCODE
    vesselType: URIRef  # vessel type
    vin: URIRef  # VIN
    weakAlias: URIRef  # weak alias
    website: URIRef  # website
    yearOfBirth: URIRef  # year of birth

    # Concept schemes
    CommodityScheme: URIRef  # Commodities
    FacilitationServiceScheme: URIRef  # Facilitation services
    IdentifierSchemeScheme: URIRef  # Identifier schemes
    ProsecutionOutcomeScheme: URIRef  # Prosecution outcomes
    SourceTypeScheme: URIRef  # Source types
    TLPScheme: URIRef  # Traffic Light Protocol 2.0
    TransferMethodScheme: URIRef  # Transfer methods
    TransportModeScheme: URIRef  # Transport modes
    UnitScheme: URIRef  # Units

    # Concepts (code-list members)
    Commodity_Ammunition: URIRef  # Ammunition
    Commodity_BulkCash: URIRef  # Bulk cash
    Commodity_Cannabis: URIRef  # Cannabis
    Commodity_Cocaine: URIRef  # Cocaine
    Commodity_CounterfeitGoods: URIRef  # Counterfeit goods
    Commodity_Drugs: URIRef  # Drugs
    Commodity_Ecstasy: URIRef  # Ecstasy
    Commodity_Fentanyl: URIRef  # Fentanyl
    Commodity_FirearmParts: URIRef  # Firearm parts and kits
    Commodity_Firearms: URIRef  # Firearms
    Commodity_Handgun: URIRef  # Handgun
    Commodity_Heroin: URIRef  # Heroin
    Commodity_HighCalibreRifle: URIRef  # High-calibre rifle
    Commodity_Ketamine: URIRef  # Ketamine
    Commodity_Khat: URIRef  # Khat
    Commodity_Lsd: URIRef  # LSD
    Commodity_MachineGun: URIRef  # Machine gun
    Commodity_Methamphetamine: URIRef  # Methamphetamine
    Commodity_OtherDrugs: URIRef  # Other drugs
    Commodity_PrecursorChemicals: URIRef  # Precursor chemicals
    Commodity_Rifle: URIRef  # Rifle
    Commodity_Shotgun: URIRef  # Shotgun
    Commodity_SmuggledMigrants: URIRef  # Smuggled migrants
    Commodity_TraffickingVictims: URIRef  # Trafficking victims
    Commodity_Wildlife: URIRef  # Wildlife
    Method_BulkCash: URIRef  # Bulk cash
    Method_CashCourier: URIRef  # Cash courier
    Method_Cryptocurrency: URIRef  # Cryptocurrency
    Method_InformalValueTransfer: URIRef  # Informal value transfer
    Method_TradeBasedInvoice: URIRef  # Trade-based invoice
    Method_Wire: URIRef  # Wire transfer
    Mode_Air: URIRef  # Air
    Mode_Land: URIRef  # Land
    Mode_PostalCourier: URIRef  # Postal or courier
    Mode_Sea: URIRef  # Sea
    Mode_Tunnel: URIRef  # Tunnel
    Outcome_Acquitted: URIRef  # Acquitted
    Outcome_Convicted: URIRef  # Convicted
    Outcome_Dismissed: URIRef  # Dismissed
    Outcome_GuiltyPlea: URIRef  # Guilty plea
    Outcome_Pending: URIRef  # Pending
    Scheme_IcijNodeId: URIRef  # ICIJ Offshore Leaks node id
    Scheme_ImoNumber: URIRef  # IMO number
    Scheme_Lei: URIRef  # Legal Entity Identifier
    Scheme_NationalId: URIRef  # National identification number
    Scheme_OfacEntityNumber: URIRef  # OFAC entity number
    Scheme_OpenSanctionsId: URIRef  # FollowTheMoney entity id
    Scheme_Other: URIRef  # Other identifier
    Scheme_RegistrationNumber: URIRef  # Company registration number
    Scheme_StixId: URIRef  # STIX identifier
    Scheme_TaxNumber: URIRef  # Tax number
    Service_BulkCashTransport: URIRef  # Bulk cash transport
    Service_CounterfeitProduction: URIRef  # Counterfeit production
    Service_DocumentFraud: URIRef  # Document fraud
    Service_FinancialServices: URIRef  # Financial services
    Service_MoneyLaundering: URIRef  # Money laundering
    Service_OfficialCorruption: URIRef  # Corruption of an official
    Service_Recruitment: URIRef  # Recruitment
    Service_SafeHouse: URIRef  # Safe house
    Service_StrawPurchasing: URIRef  # Straw purchasing
    Service_TransportGuide: URIRef  # Transport or guide
    Source_DetaineeInterview: URIRef  # Interview of a detained person
    Source_Document: URIRef  # Document
    Source_FinancialReporting: URIRef  # Financial reporting
    Source_NonDetaineeInterview: URIRef  # Interview of a non-detained person
    Source_OpenSource: URIRef  # Open source
    Source_PartnerAgency: URIRef  # Partner agency
    TLP_AMBER: URIRef  # TLP:AMBER
    TLP_AMBER_STRICT: URIRef  # TLP:AMBER+STRICT
    TLP_CLEAR: URIRef  # TLP:CLEAR
    TLP_GREEN: URIRef  # TLP:GREEN
    TLP_RED: URIRef  # TLP:RED
    Unit_Gram: URIRef  # gram
    Unit_Item: URIRef  # item
    Unit_Kilogram: URIRef  # kilogram
    Unit_Litre: URIRef  # litre
    Unit_Person: URIRef  # person
    Unit_Pound: URIRef  # pound
    Unit_Round: URIRef  # round
    Unit_UsDollar: URIRef  # US dollar


__all__ = [
    "DCTERMS",
    "FTM",
    "GEO",
    "IPAS",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SH",
    "SKOS",
    "TIME",
    "VERSION",
    "VERSION_IRI",
    "XSD",
]
