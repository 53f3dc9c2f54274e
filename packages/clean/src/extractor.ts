/** Identifies this extractor on every article it produces, so re-extraction can be targeted. */
export const EXTRACTOR = { name: 'newsflow-clean', version: '0.1.0' } as const;
