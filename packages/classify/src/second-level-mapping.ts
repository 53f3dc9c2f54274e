/**
 * Which open-topics source categories are one IPTC Media Topics second-level (L2) concept.
 *
 * The open-topics rows (`shared/fixtures/classification/open-topics/`) carry their source's own
 * category as `sourceLabel`; the IPTC top level is mapped in that folder's README. Here a source
 * category is mapped to an L2 concept only when, read against the concept's IPTC definition
 * (`iptc-mediatopic/mediatopic-l1-l2.en-GB.json`, release 2025-10-09), the category as a whole
 * is that concept; a category spread over several L2 concepts stays unmapped and trains the
 * "none of these" class of its parent (see `UNMAPPED_SOURCE_LABELS`). Codes, labels and
 * parents are IPTC's (© IPTC, CC BY 4.0); the rows' licences are the open-topics README's.
 */

/** An IPTC Media Topic: qcode, en-GB label, and for an L2 concept its parent's label. */
export interface IptcConcept {
  code: string;
  label: string;
  level: 1 | 2;
  /** The L1 parent's label (L2 only). */
  parent?: string;
}

/** The 17 top-level concepts by en-GB label, as the shipped model spells its labels. */
export const IPTC_TOP_LEVEL: Readonly<Record<string, string>> = {
  'arts, culture, entertainment and media': 'medtop:01000000',
  'crime, law and justice': 'medtop:02000000',
  'disaster, accident and emergency incident': 'medtop:03000000',
  'economy, business and finance': 'medtop:04000000',
  education: 'medtop:05000000',
  environment: 'medtop:06000000',
  health: 'medtop:07000000',
  'human interest': 'medtop:08000000',
  labour: 'medtop:09000000',
  'lifestyle and leisure': 'medtop:10000000',
  'politics and government': 'medtop:11000000',
  religion: 'medtop:12000000',
  'science and technology': 'medtop:13000000',
  society: 'medtop:14000000',
  sport: 'medtop:15000000',
  'conflict, war and peace': 'medtop:16000000',
  weather: 'medtop:17000000',
};

const l2 = (code: string, label: string, parent: string): IptcConcept => ({ code, label, level: 2, parent });

// "All forms of arts and entertainment"
const ARTS_AND_ENTERTAINMENT = l2(
  'medtop:20000002',
  'arts and entertainment',
  'arts, culture, entertainment and media',
);
// "Media addressing a large audience"
const MASS_MEDIA = l2('medtop:20000045', 'mass media', 'arts, culture, entertainment and media');
// "Violations of laws by individuals, companies or organisations"
const CRIME = l2('medtop:20000082', 'crime', 'crime, law and justice');
// "The natural world"
const NATURE = l2('medtop:20000441', 'nature', 'environment');
// "Activities carried out in ones' spare time and not in a competitive way."
const LEISURE = l2('medtop:20000538', 'leisure', 'lifestyle and leisure');
// "The way in which a person lives, including their style and possessions"
const LIFESTYLE = l2('medtop:20000565', 'lifestyle', 'lifestyle and leisure');
// "The study and practice of industrial or applied sciences such as physics, hydrodynamics or thermodynamics"
const TECHNOLOGY = l2('medtop:20000756', 'technology and engineering', 'science and technology');
// "A group of people related genetically or by a legal bond, or who consider themselves part of a familial unit …"
const FAMILY = l2('medtop:20000780', 'family', 'society');

/** Source category (`sourceLabel`) → the one L2 concept it is. */
export const SECOND_LEVEL_MAPPING: Readonly<Record<string, IptcConcept>> = {
  // Film, television, music and the people in them: a form of entertainment.
  'huffpost:ENTERTAINMENT': ARTS_AND_ENTERTAINMENT,
  // Late-night shows, stand-up, sketches: entertainment.
  'huffpost:COMEDY': ARTS_AND_ENTERTAINMENT,
  // Visual arts, theatre, books, museums: the arts (not a group's customs, which is "culture").
  'huffpost:ARTS': ARTS_AND_ENTERTAINMENT,
  // The same section under later names: exhibitions, painters, theatre, dance, books, photographers.
  'huffpost:ARTS & CULTURE': ARTS_AND_ENTERTAINMENT,
  'huffpost:CULTURE & ARTS': ARTS_AND_ENTERTAINMENT,
  // News about news outlets, anchors and the press: mass media.
  'huffpost:MEDIA': MASS_MEDIA,
  // Shootings, murders, thefts and their arrests: violations of law.
  'huffpost:CRIME': CRIME,
  // SIB-200 crime sentences: offences and their perpetrators.
  'sib200-eng14:crime': CRIME,
  // SIB-200 nature sentences: wildlife, parks, ecosystems (the open-topics README already files them under environment > nature).
  'sib200-eng14:nature': NATURE,
  // Holidays, destinations, hotels: travel for pleasure, a spare-time activity (IPTC files travel under lifestyle and leisure).
  'huffpost:TRAVEL': LEISURE,
  // SIB-200 travel sentences (Wikivoyage advice to travellers): as above.
  'sib200-eng14:travel': LEISURE,
  // Fashion, beauty, clothes: a person's style.
  'huffpost:STYLE': LIFESTYLE,
  'huffpost:STYLE & BEAUTY': LIFESTYLE,
  // Decorating, cleaning, the house and its things: a person's possessions and way of living.
  'huffpost:HOME & LIVING': LIFESTYLE,
  // Gadgets, software, internet companies' products: applied science (IT sits under technology and engineering).
  'huffpost:TECH': TECHNOLOGY,
  // SIB-200 technology sentences: inventions, machines, computers.
  'sib200-eng14:technology': TECHNOLOGY,
  // Wikipedia Current Events technology and internet items.
  'wikipedia-cep:Technology_Internet': TECHNOLOGY,
  // Raising children: a family matter.
  'huffpost:PARENTING': FAMILY,
  'huffpost:PARENTS': FAMILY,
  // Separation and divorce: the legal bond of a family.
  'huffpost:DIVORCE': FAMILY,
};

/**
 * Source categories looked at and left unmapped, with the reason: under a parent that has mapped
 * categories they train its "none of these" class; elsewhere they are not used.
 */
export const UNMAPPED_SOURCE_LABELS: Readonly<Record<string, string>> = {
  'sib200-eng14:entertainment': 'music and films, but also beaches, villages and customs (leisure, culture)',
  'wikipedia-cep:Entertainment_Culture': 'arts and entertainment and culture both',
  'wikipedia-cep:Law_Crime': 'crime, judiciary, law and law enforcement',
  'huffpost:GREEN': 'climate change, conservation, pollution, sustainability',
  'huffpost:ENVIRONMENT': 'climate change, conservation, pollution, sustainability',
  'huffpost:FOOD & DRINK': 'eating out and cooking: the definitions do not settle leisure against lifestyle',
  'huffpost:TASTE': 'eating out and cooking: the definitions do not settle leisure against lifestyle',
  'huffpost:WEDDINGS': 'planning, ceremonies, marriage: lifestyle, leisure and society > family',
  'huffpost:SCIENCE':
    'space, animals, the brain, studies: natural science, biomedical science, scientific research',
  'sib200-eng14:science': 'physics, biology, medicine, mathematics: several L2 concepts',
  'huffpost:QUEER VOICES': 'an audience section: demographic group, discrimination, rights, celebrities',
  'huffpost:WOMEN': 'an audience section: demographic group, discrimination, rights',
  'huffpost:IMPACT': 'charity, poverty, homelessness: welfare, social problem, social condition',
  'huffpost:POLITICS': 'elections, government, policy',
  'sib200-eng14:politics': 'elections, government, policy',
  'wikipedia-cep:Politics': 'elections, government, policy',
  'wikipedia-cep:International_Relation':
    'the name is the L2 concept, but 62 rows from September 2015 that are mostly the migrant crisis (immigration): too few and too one-sided to teach it',
  'huffpost:BUSINESS': 'companies, markets, the economy',
  'huffpost:MONEY': 'personal finance, not an L2 concept',
  'sib200-eng14:business': 'companies, markets, the economy',
  'wikipedia-cep:Business_Finance': 'companies, markets, the economy',
  'huffpost:COLLEGE': 'colleges as institutions (school) and their students (students)',
  'huffpost:EDUCATION': 'schools, teachers, curricula, tests',
  'sib200-eng14:education': 'schools, teachers, curricula',
  'huffpost:WELLNESS': 'a health row: lifestyle and leisure > wellness has another parent',
  'huffpost:HEALTHY LIVING': 'a health row: lifestyle and leisure > wellness has another parent',
  'sib200-eng14:health': 'diseases, treatments, public health',
  'wikipedia-cep:Health_Medical_Pharma': 'diseases, treatments, public health',
  'huffpost:WEIRD NEWS': 'odd events of every kind, not only human mishaps',
  'huffpost:GOOD NEWS': 'kindness, rescues, awards',
  'huffpost:RELIGION': 'beliefs, leaders, conflicts, holidays',
  'sib200-eng14:religion': 'beliefs, rituals, texts',
  'huffpost:SPORTS': 'events, transactions, achievements',
  'sib200-eng14:sports': 'events, disciplines, achievements',
  'wikipedia-cep:Sports': 'events, achievements',
  'sib200-eng14:disasters': 'natural disasters, crashes, severe weather: disaster and accident both',
  'wikipedia-cep:Disaster_Accident': 'disaster and accident both',
  'wikipedia-cep:War_Conflict': 'armed conflict, terror, unrest',
};
