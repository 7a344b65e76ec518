"""GENERATED — do not edit. Regenerate with `python -m ipas.ontology.namespace_gen`.

The IPAS ontology's classes.
A base class of ``ipas.namespace.IPAS``, which inherits one per kind of term.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class IpasClasses(DefinedNamespace):
    """Classes of the IPAS ontology (core and extension modules)."""

    _fail = True
    _NS = Namespace("https://w3id.org/ipas/ontology#")

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
    CyberSighting: URIRef  # Cyber sighting
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
