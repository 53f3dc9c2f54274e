export { cleanHtml } from './clean-html.js';
export { cleanPage, detectCharset } from './clean-page.js';
export { binaryKind } from './binary-kind.js';
export { cleanText } from './clean-text.js';
export { EXTRACTOR } from './extractor.js';
export { ExtractorPool, type ExtractorPoolOptions } from './extractor-pool.js';
