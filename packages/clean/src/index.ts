export { cleanHtml } from './clean-html.js';
export { cleanPage, detectCharset } from './clean-page.js';
export { cleanText } from './clean-text.js';
export { EXTRACTOR } from './extractor.js';
