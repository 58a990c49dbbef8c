import { TemplateError } from '../errors.js';
import { CONVERSION_KEY_TYPES, type Conversion, type TemplateField, type TemplateToken } from './template-field.js';

const KEY_NAME = /^\w+$/;

/**
 * Splits Python `%`-format text into literals and named fields, with Python's grammar:
 * `%(key)` flags `[-+ #0]*`, width, `.precision`, an ignored length modifier `[hlL]`, conversion.
 * Adjacent literals are merged.
 *
 * @param text - the text to parse (a template path, without its `[hdu]` suffix).
 * @param template - the whole template, named in errors.
 * @throws TemplateError on unnamed fields, `*` widths, unsupported conversions or truncated fields.
 */
export function tokenizeTemplate(text: string, template: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let literal = '';
  let i = 0;
  const fail = (message: string): never => {
    throw new TemplateError(template, message);
  };
  while (i < text.length) {
    const pct = text.indexOf('%', i);
    if (pct < 0) {
      literal += text.slice(i);
      break;
    }
    literal += text.slice(i, pct);
    i = pct + 1;
    if (text[i] === '%') {
      literal += '%';
      i++;
      continue;
    }
    if (i >= text.length) fail(`incomplete field at index ${pct}`);
    if (text[i] !== '(') fail(`unnamed field at index ${pct}; templates need %(name)X fields`);
    let depth = 1;
    let j = i + 1;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')') depth--;
    }
    if (depth > 0) fail(`incomplete field key at index ${pct}`);
    const key = text.slice(i + 1, j - 1);
    if (!KEY_NAME.test(key) || key === '__proto__') fail(`unsupported key name ${JSON.stringify(key)} at index ${pct}`);
    i = j;
    let leftAdjust = false;
    let zeroPad = false;
    let alternate = false;
    let plus = false;
    let space = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '-') leftAdjust = true;
      else if (c === '0') zeroPad = true;
      else if (c === '#') alternate = true;
      else if (c === '+') plus = true;
      else if (c === ' ') space = true;
      else break;
    }
    if (text[i] === '*') fail(`'*' width is not allowed in named fields (index ${pct})`);
    const widthStart = i;
    while (i < text.length && isDigit(text[i])) i++;
    const width = i > widthStart ? Number(text.slice(widthStart, i)) : 0;
    let precision: number | undefined;
    if (text[i] === '.') {
      i++;
      if (text[i] === '*') fail(`'*' precision is not allowed in named fields (index ${pct})`);
      const precStart = i;
      while (i < text.length && isDigit(text[i])) i++;
      precision = i > precStart ? Number(text.slice(precStart, i)) : 0;
    }
    if (text[i] === 'h' || text[i] === 'l' || text[i] === 'L') i++;
    const conversion = text[i];
    if (conversion === undefined) fail(`incomplete field ${JSON.stringify(text.slice(pct))}`);
    if (!Object.hasOwn(CONVERSION_KEY_TYPES, conversion as string)) {
      fail(`unsupported conversion ${JSON.stringify(conversion)} at index ${i}`);
    }
    i++;
    if (literal) tokens.push(literal);
    literal = '';
    const field: TemplateField = {
      key,
      leftAdjust,
      zeroPad,
      alternate,
      sign: plus ? '+' : space ? ' ' : '',
      width,
      precision,
      conversion: conversion as Conversion,
      text: text.slice(pct, i),
    };
    tokens.push(field);
  }
  if (literal) tokens.push(literal);
  return tokens;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
