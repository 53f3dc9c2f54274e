export { detectLanguage, type LanguageGuess } from './detect-language.js';
