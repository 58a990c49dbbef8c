export { Gen2Template, type TemplateElement, type TemplateHdu } from './template.js';
export type { TemplateKeyType, TemplateField, TemplateToken, Conversion } from './template-field.js';
export { tokenizeTemplate } from './tokenize-template.js';
