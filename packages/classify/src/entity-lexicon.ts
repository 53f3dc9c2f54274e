import nlp from 'compromise';

/**
 * What the entity finder knows about a lower-cased word or name: compromise's English lexicon
 * (first and last names, countries, cities, regions, organizations, sports teams, and every
 * common word with its part of speech) and its lists of organization and place head words.
 * Only compromise's data is used, not its tagger: tagging a 4 KB article takes it ~35 ms,
 * looking words up here takes microseconds.
 */
export interface EntityLexicon {
  firstNames: ReadonlySet<string>;
  lastNames: ReadonlySet<string>;
  /** Countries, cities, regions and other places, multi-word ones included ("north korea"). */
  places: ReadonlySet<string>;
  /** Known organizations and teams, multi-word ones included ("united nations"). */
  organizations: ReadonlySet<string>;
  /** Head words of organization names ("council", "ministry", "bank"). */
  orgWords: ReadonlySet<string>;
  /** Head words of place names ("river", "province", "island"). */
  placeWords: ReadonlySet<string>;
  /** Titles before a person's name ("president", "mr", "general"). */
  honorifics: ReadonlySet<string>;
  /** Nationality adjectives ("russian", "british"), stripped from the front of names. */
  demonyms: ReadonlySet<string>;
  /** Common words: a capitalized one at a sentence start is not a name ("after", "officials"). */
  common: ReadonlySet<string>;
}

const NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName']);
const PLACE_TAGS = new Set(['Country', 'City', 'Region', 'Place']);
const ORG_TAGS = new Set(['Organization', 'SportsTeam', 'Company']);
/** Tags of words that are not names on their own. */
const COMMON_TAGS = new Set([
  'Determiner',
  'Preposition',
  'Conjunction',
  'Pronoun',
  'Adverb',
  'Adjective',
  'Comparative',
  'Superlative',
  'Copula',
  'Modal',
  'Infinitive',
  'PresentTense',
  'PastTense',
  'Gerund',
  'Participle',
  'PhrasalVerb',
  'Plural',
  'Singular',
  'Noun',
  'Uncountable',
  'QuestionWord',
  'Negative',
  'Expression',
  'Month',
  'WeekDay',
  'Date',
  'Duration',
  'TextValue',
  'Ordinal',
  'Cardinal',
  'Actor',
  'Possessive',
  'Reflexive',
  'Imperative',
  'Condition',
  'Verb',
  'Unit',
  'Currency',
]);

/** Roles written before a name that compromise files under other tags. */
const EXTRA_HONORIFICS = [
  'president',
  'vice',
  'prime',
  'minister',
  'chancellor',
  'secretary',
  'senator',
  'sen',
  'rep',
  'representative',
  'governor',
  'gov',
  'mayor',
  'king',
  'queen',
  'prince',
  'princess',
  'pope',
  'judge',
  'justice',
  'general',
  'gen',
  'colonel',
  'col',
  'captain',
  'capt',
  'lt',
  'sgt',
  'admiral',
  'commander',
  'chairman',
  'chairwoman',
  'chief',
  'coach',
  'manager',
  'leader',
  'ambassador',
  'envoy',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'director',
  'officer',
  'detective',
  'inspector',
  'sheriff',
  'bishop',
  'archbishop',
  'cardinal',
  'rabbi',
  'imam',
  'sheikh',
  'emir',
  'sultan',
  'ayatollah',
  'defence',
  'defense',
  'foreign',
  'interior',
  'finance',
  'health',
  'deputy',
  'former',
  'first',
  'lady',
  'sir',
  'dame',
  'lord',
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'prof',
  'professor',
  'st',
];

let lexicon: EntityLexicon | undefined;

/** The lexicon, built once per process from compromise's data (~20 ms). */
export function entityLexicon(): EntityLexicon {
  if (lexicon) return lexicon;
  const model = nlp.model() as {
    one: { lexicon: Record<string, string | string[]> };
    two: { orgWords: Record<string, boolean>; placeWords: Record<string, boolean> };
  };
  const firstNames = new Set<string>();
  const lastNames = new Set<string>();
  const places = new Set<string>();
  const organizations = new Set<string>();
  const honorifics = new Set<string>(EXTRA_HONORIFICS);
  const demonyms = new Set<string>();
  const common = new Set<string>();
  for (const [word, tagOrTags] of Object.entries(model.one.lexicon)) {
    const tags = Array.isArray(tagOrTags) ? tagOrTags : [tagOrTags];
    for (const tag of tags) {
      if (NAME_TAGS.has(tag)) firstNames.add(word);
      else if (tag === 'LastName') lastNames.add(word);
      else if (PLACE_TAGS.has(tag)) places.add(word);
      else if (ORG_TAGS.has(tag)) organizations.add(word);
      else if (tag === 'Honorific') honorifics.add(word);
      else if (tag === 'Demonym') demonyms.add(word);
      else if (COMMON_TAGS.has(tag) && !word.includes(' ')) common.add(word);
    }
  }
  // A few country names also spelled as common words ("chad", "turkey", "jordan") stay places
  // when capitalized mid-sentence; at a sentence start they are ambiguous, as for any reader.
  lexicon = {
    firstNames,
    lastNames,
    places,
    organizations,
    orgWords: new Set(Object.keys(model.two.orgWords)),
    placeWords: new Set(Object.keys(model.two.placeWords)),
    honorifics,
    demonyms,
    common,
  };
  return lexicon;
}
