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
VERSION_IRI = URIRef("https://w3id.org/ipas/ontology/0.2.0")
VERSION = "0.2.0"


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
    AttackPattern: URIRef  # Attack pattern
    Batch: URIRef  # Batch
    BorderCrossing: URIRef  # Border crossing
    BorderPatrolSector: URIRef  # Border Patrol sector
    Cartel: URIRef  # Cartel
    City: URIRef  # City
    Commodity: URIRef  # Commodity
    Company: URIRef  # Company
    ControlledExport: URIRef  # Controlled export
    Conveyance: URIRef  # Conveyance
    CoordinationGroup: URIRef  # Coordination group
    Country: URIRef  # Country
    CourseOfAction: URIRef  # Course of action
    CriminalCell: URIRef  # Criminal cell
    CriminalOrganization: URIRef  # Criminal organization
    CryptoTransfer: URIRef  # Crypto transfer
    CryptocurrencyWallet: URIRef  # Cryptocurrency wallet
    CyberCampaign: URIRef  # Cyber campaign
    CyberCapability: URIRef  # Cyber capability
    CyberIncident: URIRef  # Cyber incident
    CyberIncidentType: URIRef  # Cyber incident type
    CyberInfrastructure: URIRef  # Cyber infrastructure
    CyberLink: URIRef  # Cyber link
    CyberTool: URIRef  # Cyber tool
    Debt: URIRef  # Debt
    Directorship: URIRef  # Directorship
    Event: URIRef  # Event
    ExchangeRate: URIRef  # Exchange rate
    Exploitation: URIRef  # Exploitation
    ExploitationType: URIRef  # Exploitation type
    ExportControlEntry: URIRef  # Export control entry
    Facilitation: URIRef  # Facilitation
    FacilitationService: URIRef  # Facilitation service
    Facility: URIRef  # Facility
    FacilityUse: URIRef  # Facility use
    FamilyRelationship: URIRef  # Family relationship
    FinancialInstitution: URIRef  # Financial institution
    Firearm: URIRef  # Firearm
    FirearmDealer: URIRef  # Firearm dealer
    FirearmPurchase: URIRef  # Firearm purchase
    FrontCompany: URIRef  # Front company
    FunnelAccount: URIRef  # Funnel account
    Gang: URIRef  # Gang
    GovernmentOfficial: URIRef  # Government official
    HandlingMarking: URIRef  # Handling marking
    Identifier: URIRef  # Identifier
    IdentifierScheme: URIRef  # Identifier scheme
    IdentityDocument: URIRef  # Identity document
    Indicator: URIRef  # Indicator
    Indictment: URIRef  # Indictment
    IntellectualPropertyRight: URIRef  # Intellectual property right
    IntelligenceReport: URIRef  # Intelligence report
    Interdiction: URIRef  # Interdiction
    Investigation: URIRef  # Investigation
    IprSeizure: URIRef  # IPR seizure
    LaunderingScheme: URIRef  # Laundering scheme
    LaunderingTypology: URIRef  # Laundering typology
    LawEnforcementAction: URIRef  # Law enforcement action
    Leg: URIRef  # Leg
    Location: URIRef  # Location
    Malware: URIRef  # Malware
    Membership: URIRef  # Membership
    MoneyServicesBusiness: URIRef  # Money services business
    NationalIdentityCard: URIRef  # National identity card
    NetworkObservable: URIRef  # Network observable
    OfficeTenure: URIRef  # Office tenure
    Organization: URIRef  # Organization
    Ownership: URIRef  # Ownership
    PartnerUnit: URIRef  # Partner unit
    Passport: URIRef  # Passport
    Pathway: URIRef  # Pathway
    PathwayDirection: URIRef  # Pathway direction
    PathwayUse: URIRef  # Pathway use
    Person: URIRef  # Person
    Port: URIRef  # Port
    PortOfEntry: URIRef  # Port of entry
    ProcurementAgent: URIRef  # Procurement agent
    Prosecution: URIRef  # Prosecution
    ProsecutionOutcome: URIRef  # Prosecution outcome
    PublicOffice: URIRef  # Public office
    RealEstate: URIRef  # Real estate
    Recruitment: URIRef  # Recruitment
    Region: URIRef  # Region
    Relationship: URIRef  # Relationship
    Representation: URIRef  # Representation
    RightType: URIRef  # Right type
    RightsHolder: URIRef  # Rights holder
    Role: URIRef  # Role
    SafeHouse: URIRef  # Safe house
    Sanction: URIRef  # Sanction or designation
    SanctionsProgramme: URIRef  # Sanctions programme
    Seizure: URIRef  # Seizure
    SeizureStatistic: URIRef  # Seizure statistic
    ShellCompany: URIRef  # Shell company
    Shipment: URIRef  # Shipment
    SmuggledMigrant: URIRef  # Smuggled migrant
    SmugglingFee: URIRef  # Smuggling fee
    SmugglingRing: URIRef  # Smuggling ring
    SourceType: URIRef  # Source type
    StashHouse: URIRef  # Stash house
    StatisticalMeasure: URIRef  # Statistical measure
    StatisticalObservation: URIRef  # Statistical observation
    StrawPurchasing: URIRef  # Straw purchasing
    Succession: URIRef  # Succession
    SupplyRelationship: URIRef  # Supply relationship
    TerrorismNexus: URIRef  # Terrorism nexus
    TerroristOrganization: URIRef  # Terrorist organization
    TrackedEntity: URIRef  # Tracked entity
    TradeTransaction: URIRef  # Trade transaction
    TraffickingEnterprise: URIRef  # Trafficking enterprise
    TraffickingIndicator: URIRef  # Trafficking indicator
    TraffickingVictim: URIRef  # Trafficking victim
    Transfer: URIRef  # Transfer
    TransferMethod: URIRef  # Transfer method
    TransportMode: URIRef  # Transport mode
    Unit: URIRef  # Unit
    Vehicle: URIRef  # Vehicle
    Vessel: URIRef  # Vessel
    ViolenceKind: URIRef  # Violence kind
    ViolentIncident: URIRef  # Violent incident
    Vulnerability: URIRef  # Vulnerability
    Warehouse: URIRef  # Warehouse

    # Object properties
    actualEndUser: URIRef  # actual end user
    address: URIRef  # address
    agency: URIRef  # agency
    alongPathway: URIRef  # along pathway
    areaOfResponsibility: URIRef  # area of responsibility
    arrestedPerson: URIRef  # arrested person
    attributedTo: URIRef  # attributed to
    authority: URIRef  # authority
    basedOnIndictment: URIRef  # based on indictment
    borderRegion: URIRef  # border region
    category: URIRef  # category
    citizenship: URIRef  # citizenship
    client: URIRef  # client
    commodity: URIRef  # commodity
    communicatesWith: URIRef  # communicates with
    consignee: URIRef  # consignee
    consistsOf: URIRef  # consists of
    containsLocation: URIRef  # contains location
    controlClassification: URIRef  # control classification
    controlsCapability: URIRef  # controls capability
    conveyance: URIRef  # conveyance
    coordinationGroup: URIRef  # coordination group
    country: URIRef  # country
    creditor: URIRef  # creditor
    customer: URIRef  # customer
    cyberVictim: URIRef  # cyber victim
    dealer: URIRef  # dealer
    dealsIn: URIRef  # deals in
    debtor: URIRef  # debtor
    declaredEndUser: URIRef  # declared end user
    defendant: URIRef  # defendant
    deliversMalware: URIRef  # delivers malware
    directedOrganization: URIRef  # directed organization
    direction: URIRef  # direction
    director: URIRef  # director
    documentHolder: URIRef  # document holder
    employedBy: URIRef  # employed by
    exploitationType: URIRef  # exploitation type
    exploitedPerson: URIRef  # exploited person
    exploiter: URIRef  # exploiter
    exploitsVulnerability: URIRef  # exploits vulnerability
    exporter: URIRef  # exporter
    facilitatedPathway: URIRef  # facilitated pathway
    facilitator: URIRef  # facilitator
    facility: URIRef  # facility
    facilityUser: URIRef  # facility user
    feeCollector: URIRef  # fee collector
    feeFor: URIRef  # fee for
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
    heldOffice: URIRef  # held office
    holder: URIRef  # holder
    holdsAccount: URIRef  # holds account
    hostsCapability: URIRef  # hosts capability
    identifierScheme: URIRef  # identifier scheme
    importer: URIRef  # importer
    inCountry: URIRef  # in country
    incidentType: URIRef  # incident type
    indicates: URIRef  # indicates
    infringedRight: URIRef  # infringed right
    institution: URIRef  # institution
    issuingCountry: URIRef  # issuing country
    jurisdiction: URIRef  # jurisdiction
    launderer: URIRef  # launderer
    leadAgency: URIRef  # lead agency
    legFacility: URIRef  # leg facility
    legOf: URIRef  # leg of
    linkSource: URIRef  # link source
    linkTarget: URIRef  # link target
    locatedIn: URIRef  # located in
    marking: URIRef  # marking
    measure: URIRef  # measure
    member: URIRef  # member
    memberAgency: URIRef  # member agency
    memberOrganization: URIRef  # member organization
    mentions: URIRef  # mentions
    mitigates: URIRef  # mitigates
    mode: URIRef  # mode
    nationality: URIRef  # nationality
    network: URIRef  # network
    nexusActor: URIRef  # nexus actor
    observedIndicator: URIRef  # observed indicator
    officeHolder: URIRef  # office holder
    officeOrganization: URIRef  # office organization
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
    predecessor: URIRef  # predecessor
    proceedsOf: URIRef  # proceeds of
    programme: URIRef  # programme
    purchasedFirearm: URIRef  # purchased firearm
    purchaser: URIRef  # purchaser
    ransomPayment: URIRef  # ransom payment
    recruit: URIRef  # recruit
    recruiter: URIRef  # recruiter
    refArea: URIRef  # reference area
    relative: URIRef  # relative
    representative: URIRef  # representative
    rightType: URIRef  # right type
    rightsHolder: URIRef  # rights holder
    sanctionedEntity: URIRef  # sanctioned entity
    schemeAccount: URIRef  # scheme account
    schemeEvent: URIRef  # scheme event
    seizedFrom: URIRef  # seized from
    seizedItem: URIRef  # seized item
    servedNetwork: URIRef  # served network
    service: URIRef  # service
    shipment: URIRef  # shipment
    shippedBy: URIRef  # shipped by
    sourceType: URIRef  # source type
    subOrganizationOf: URIRef  # sub-organization of
    successor: URIRef  # successor
    supplier: URIRef  # supplier
    supportedBy: URIRef  # supported by
    supports: URIRef  # supports
    target: URIRef  # target
    targetedBy: URIRef  # targeted by
    terroristOrganization: URIRef  # terrorist organization
    toAccount: URIRef  # to account
    toLocation: URIRef  # to location
    transferMethod: URIRef  # transfer method
    typology: URIRef  # typology
    unit: URIRef  # unit
    usesCapability: URIRef  # uses capability
    variantOf: URIRef  # variant of
    viaLocation: URIRef  # via location
    victim: URIRef  # victim
    violenceKind: URIRef  # violence kind
    withinNetwork: URIRef  # within network

    # Datatype properties
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

    # Concept schemes
    CommodityScheme: URIRef  # Commodities
    CyberIncidentTypeScheme: URIRef  # Cyber incident types
    ExploitationTypeScheme: URIRef  # Forms of exploitation
    ExportControlScheme: URIRef  # Export control lists
    FacilitationServiceScheme: URIRef  # Facilitation services
    IdentifierSchemeScheme: URIRef  # Identifier schemes
    LaunderingTypologyScheme: URIRef  # Money-laundering typologies
    PathwayDirectionScheme: URIRef  # Pathway directions
    ProsecutionOutcomeScheme: URIRef  # Prosecution outcomes
    RightTypeScheme: URIRef  # Intellectual property rights
    SourceTypeScheme: URIRef  # Source types
    StatisticalMeasureScheme: URIRef  # Statistical measures
    TLPScheme: URIRef  # Traffic Light Protocol 2.0
    TraffickingIndicatorScheme: URIRef  # Trafficking indicators
    TransferMethodScheme: URIRef  # Transfer methods
    TransportModeScheme: URIRef  # Transport modes
    UnitScheme: URIRef  # Units
    ViolenceKindScheme: URIRef  # Kinds of violence

    # Concepts (code-list members)
    Commodity_Ammunition: URIRef  # Ammunition
    Commodity_BulkCash: URIRef  # Bulk cash
    Commodity_Cannabis: URIRef  # Cannabis
    Commodity_Cocaine: URIRef  # Cocaine
    Commodity_CounterfeitApparel: URIRef  # Counterfeit apparel and accessories
    Commodity_CounterfeitElectronics: URIRef  # Counterfeit electronics
    Commodity_CounterfeitGoods: URIRef  # Counterfeit goods
    Commodity_CounterfeitPharmaceuticals: URIRef  # Counterfeit pharmaceuticals
    Commodity_CounterfeitWatchesJewelry: URIRef  # Counterfeit watches and jewelry
    Commodity_Drugs: URIRef  # Drugs
    Commodity_DualUseGoods: URIRef  # Dual-use goods
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
    Commodity_MilitaryItems: URIRef  # Military items
    Commodity_OtherDrugs: URIRef  # Other drugs
    Commodity_PrecursorChemicals: URIRef  # Precursor chemicals
    Commodity_Rifle: URIRef  # Rifle
    Commodity_Shotgun: URIRef  # Shotgun
    Commodity_SmuggledMigrants: URIRef  # Smuggled migrants
    Commodity_TraffickingVictims: URIRef  # Trafficking victims
    Commodity_Wildlife: URIRef  # Wildlife
    Control_2B350: URIRef  # ECCN 2B350 chemical manufacturing equipment
    Control_3A001: URIRef  # ECCN 3A001 electronic components
    Control_3A090: URIRef  # ECCN 3A090 advanced computing chips
    Control_9A012: URIRef  # ECCN 9A012 unmanned aerial vehicles
    Control_CommerceControlList: URIRef  # Commerce Control List
    Control_MunitionsList: URIRef  # U.S. Munitions List
    Control_UsmlCategoryI: URIRef  # USML Category I firearms
    Cyber_BusinessEmailCompromise: URIRef  # Business e-mail compromise
    Cyber_DarknetSale: URIRef  # Darknet market sale
    Cyber_InvestmentFraud: URIRef  # Investment fraud
    Cyber_Ransomware: URIRef  # Ransomware
    Direction_Bidirectional: URIRef  # Both directions
    Direction_Eastbound: URIRef  # Eastbound
    Direction_Northbound: URIRef  # Northbound
    Direction_Southbound: URIRef  # Southbound
    Direction_Westbound: URIRef  # Westbound
    Exploitation_DebtBondage: URIRef  # Debt bondage
    Exploitation_DomesticServitude: URIRef  # Domestic servitude
    Exploitation_ForcedBegging: URIRef  # Forced begging
    Exploitation_ForcedCriminality: URIRef  # Forced criminal activity
    Exploitation_ForcedLabour: URIRef  # Forced labour
    Exploitation_ForcedMarriage: URIRef  # Forced marriage
    Exploitation_OrganRemoval: URIRef  # Removal of organs
    Exploitation_Sexual: URIRef  # Sexual exploitation
    Measure_ConvictedTraffickers: URIRef  # Persons convicted of trafficking
    Measure_DetectedVictims: URIRef  # Detected trafficking victims
    Measure_Encounters: URIRef  # Border encounters
    Measure_MigrantDeaths: URIRef  # Migrant deaths
    Measure_SeizureEvents: URIRef  # Seizure events
    Measure_SmuggledMigrantsDetected: URIRef  # Smuggled migrants detected
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
    Right_Copyright: URIRef  # Copyright
    Right_Patent: URIRef  # Patent
    Right_TradeSecret: URIRef  # Trade secret
    Right_Trademark: URIRef  # Trademark
    Scheme_Capec: URIRef  # CAPEC identifier
    Scheme_Cve: URIRef  # CVE identifier
    Scheme_IcijNodeId: URIRef  # ICIJ Offshore Leaks node id
    Scheme_ImoNumber: URIRef  # IMO number
    Scheme_Lei: URIRef  # Legal Entity Identifier
    Scheme_MitreAttack: URIRef  # MITRE ATT&CK identifier
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
    TipIndicator_CommunicationControlled: URIRef  # Communication controlled
    TipIndicator_DebtToExploiter: URIRef  # Unpayable debt to employer or smuggler
    TipIndicator_DeceptiveRecruitment: URIRef  # Deceived about the work
    TipIndicator_DocumentsWithheld: URIRef  # Identity documents withheld
    TipIndicator_ExcessiveHours: URIRef  # Excessive working hours
    TipIndicator_LivesAtWorksite: URIRef  # Lives where they work
    TipIndicator_MinorInCommercialSex: URIRef  # Minor in commercial sex
    TipIndicator_MovementControlled: URIRef  # Not free to leave
    TipIndicator_ScriptedAnswers: URIRef  # Scripted or inconsistent account
    TipIndicator_SignsOfAbuse: URIRef  # Signs of physical abuse
    TipIndicator_ThreatsToFamily: URIRef  # Threats against the person or family
    TipIndicator_UnpaidOrWithheldWages: URIRef  # Unpaid or withheld wages
    Typology_BulkCash: URIRef  # Bulk cash smuggling
    Typology_FunnelAccount: URIRef  # Funnel accounts
    Typology_MirrorSwap: URIRef  # Mirror swaps (Chinese money-laundering organizations)
    Typology_MoneyServicesBusiness: URIRef  # Money services businesses
    Typology_RealEstate: URIRef  # Real estate
    Typology_ShellCompanies: URIRef  # Shell and front companies
    Typology_Structuring: URIRef  # Structuring
    Typology_TradeBased: URIRef  # Trade-based money laundering
    Typology_VirtualAssets: URIRef  # Virtual assets
    Unit_Gram: URIRef  # gram
    Unit_Item: URIRef  # item
    Unit_Kilogram: URIRef  # kilogram
    Unit_Litre: URIRef  # litre
    Unit_Person: URIRef  # person
    Unit_Pound: URIRef  # pound
    Unit_Round: URIRef  # round
    Unit_UsDollar: URIRef  # US dollar
    Violence_Abandonment: URIRef  # Abandonment
    Violence_ArmedClash: URIRef  # Armed clash
    Violence_Assault: URIRef  # Assault
    Violence_Extortion: URIRef  # Extortion
    Violence_Homicide: URIRef  # Homicide
    Violence_Kidnapping: URIRef  # Kidnapping
    Violence_SexualViolence: URIRef  # Sexual violence


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
