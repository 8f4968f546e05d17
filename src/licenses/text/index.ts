export { identifyText, MAX_TEXT_BYTES, type LicenseTextMatch, type LicenseTextPart, type TextIdentification } from './identify.js';
export { identifyFile } from './identify-file.js';
export { tokenise, type TokenisedText } from './normalise.js';
export { identifySourceFile, identifySourceText, isSourceFile } from './source-text.js';
