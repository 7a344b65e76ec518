"""GENERATED — do not edit. Regenerate with `python -m ipas.ontology.namespace_gen`.

The IPAS ontology's object properties.
A base class of ``ipas.namespace.IPAS``, which inherits one per kind of term.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class IpasObjectProperties(DefinedNamespace):
    """Object properties of the IPAS ontology (core and extension modules)."""

    _fail = True
    _NS = Namespace("https://w3id.org/ipas/ontology#")

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
    sightedBy: URIRef  # sighted by
    sightingOf: URIRef  # sighting of
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
