export { type ArchivedPage, RawArchive } from './raw-archive.js';
