"""GENERATED — do not edit. Regenerate with `python -m ipas.ontology.namespace_gen`.

The IPAS ontology's individuals: concept schemes and code-list concepts.
A base class of ``ipas.namespace.IPAS``, which inherits one per kind of term.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class IpasIndividuals(DefinedNamespace):
    """Individuals of the IPAS ontology (core and extension modules)."""

    _fail = True
    _NS = Namespace("https://w3id.org/ipas/ontology#")

    CommodityScheme: URIRef  # Commodities
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
    CyberIncidentTypeScheme: URIRef  # Cyber incident types
    Cyber_BusinessEmailCompromise: URIRef  # Business e-mail compromise
    Cyber_DarknetSale: URIRef  # Darknet market sale
    Cyber_InvestmentFraud: URIRef  # Investment fraud
    Cyber_Ransomware: URIRef  # Ransomware
    Direction_Bidirectional: URIRef  # Both directions
    Direction_Eastbound: URIRef  # Eastbound
    Direction_Northbound: URIRef  # Northbound
    Direction_Southbound: URIRef  # Southbound
    Direction_Westbound: URIRef  # Westbound
    ExploitationTypeScheme: URIRef  # Forms of exploitation
    Exploitation_DebtBondage: URIRef  # Debt bondage
    Exploitation_DomesticServitude: URIRef  # Domestic servitude
    Exploitation_ForcedBegging: URIRef  # Forced begging
    Exploitation_ForcedCriminality: URIRef  # Forced criminal activity
    Exploitation_ForcedLabour: URIRef  # Forced labour
    Exploitation_ForcedMarriage: URIRef  # Forced marriage
    Exploitation_OrganRemoval: URIRef  # Removal of organs
    Exploitation_Sexual: URIRef  # Sexual exploitation
    ExportControlScheme: URIRef  # Export control lists
    FacilitationServiceScheme: URIRef  # Facilitation services
    IdentifierSchemeScheme: URIRef  # Identifier schemes
    LaunderingTypologyScheme: URIRef  # Money-laundering typologies
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
    PathwayDirectionScheme: URIRef  # Pathway directions
    ProsecutionOutcomeScheme: URIRef  # Prosecution outcomes
    RightTypeScheme: URIRef  # Intellectual property rights
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
    SourceTypeScheme: URIRef  # Source types
    Source_DetaineeInterview: URIRef  # Interview of a detained person
    Source_Document: URIRef  # Document
    Source_FinancialReporting: URIRef  # Financial reporting
    Source_NonDetaineeInterview: URIRef  # Interview of a non-detained person
    Source_OpenSource: URIRef  # Open source
    Source_PartnerAgency: URIRef  # Partner agency
    StatisticalMeasureScheme: URIRef  # Statistical measures
    TLPScheme: URIRef  # Traffic Light Protocol 2.0
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
    TraffickingIndicatorScheme: URIRef  # Trafficking indicators
    TransferMethodScheme: URIRef  # Transfer methods
    TransportModeScheme: URIRef  # Transport modes
    Typology_BulkCash: URIRef  # Bulk cash smuggling
    Typology_FunnelAccount: URIRef  # Funnel accounts
    Typology_MirrorSwap: URIRef  # Mirror swaps (Chinese money-laundering organizations)
    Typology_MoneyServicesBusiness: URIRef  # Money services businesses
    Typology_RealEstate: URIRef  # Real estate
    Typology_ShellCompanies: URIRef  # Shell and front companies
    Typology_Structuring: URIRef  # Structuring
    Typology_TradeBased: URIRef  # Trade-based money laundering
    Typology_VirtualAssets: URIRef  # Virtual assets
    UnitScheme: URIRef  # Units
    Unit_Gram: URIRef  # gram
    Unit_Item: URIRef  # item
    Unit_Kilogram: URIRef  # kilogram
    Unit_Litre: URIRef  # litre
    Unit_Person: URIRef  # person
    Unit_Pound: URIRef  # pound
    Unit_Round: URIRef  # round
    Unit_UsDollar: URIRef  # US dollar
    ViolenceKindScheme: URIRef  # Kinds of violence
    Violence_Abandonment: URIRef  # Abandonment
    Violence_ArmedClash: URIRef  # Armed clash
    Violence_Assault: URIRef  # Assault
    Violence_Extortion: URIRef  # Extortion
    Violence_Homicide: URIRef  # Homicide
    Violence_Kidnapping: URIRef  # Kidnapping
    Violence_SexualViolence: URIRef  # Sexual violence
