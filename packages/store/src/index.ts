export type { ClusterMember } from './cluster-members.js';
export type { StoreLog } from './db.js';
export { isConnectionError } from './db-errors.js';
export type { ExportOptions } from './export-articles.js';
export type { StoreKind, StoreOptions } from './open-db.js';
export { openStore, type Store } from './open-store.js';
export { redactUrl } from './redact-url.js';
export type { UpsertChange } from './upsert-article.js';
export { MAX_QUERY_CHARS, type SearchHit, type SearchOptions } from './search-articles.js';
