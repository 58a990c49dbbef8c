/** One chunk of a template, as Python's `string.Formatter().parse` yields it. */
export interface TemplatePart {
  /** Literal text before the field (after `{{`/`}}` unescaping). */
  literal: string;
  /** Field name, e.g. `run`, `visit.name`, `day_obs|visit.day_obs`; `null` for a trailing literal. */
  fieldName: string | null;
  /** Format spec after `:` (`''` when absent); `null` for a trailing literal. */
  formatSpec: string | null;
  /** Conversion after `!` (`r`, `s`, `a`), or `null`. */
  conversion: string | null;
}

/**
 * Splits a template like Python's `string.Formatter().parse`: `{{`/`}}` escapes end the current
 * literal chunk, fields are `{name[!conv][:spec]}` (nested braces kept in the spec).
 * @returns the parts, or an error message when Python would raise `ValueError`.
 */
export function parseTemplate(template: string): TemplatePart[] | string {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  const n = template.length;
  while (i < n) {
    const c = template[i];
    if (c === '}') {
      if (template[i + 1] !== '}') return "Single '}' encountered in format string";
      parts.push({ literal: `${literal}}`, fieldName: null, formatSpec: null, conversion: null });
      literal = '';
      i += 2;
      continue;
    }
    if (c !== '{') {
      literal += c;
      i++;
      continue;
    }
    if (template[i + 1] === '{') {
      parts.push({ literal: `${literal}{`, fieldName: null, formatSpec: null, conversion: null });
      literal = '';
      i += 2;
      continue;
    }
    // A field: find its matching close brace.
    let depth = 1;
    let j = i + 1;
    while (j < n && depth > 0) {
      if (template[j] === '{') depth++;
      else if (template[j] === '}') depth--;
      if (depth > 0) j++;
    }
    if (depth > 0) return "expected '}' before end of string";
    const body = template.slice(i + 1, j);
    let end = body.length;
    for (let k = 0; k < body.length; k++) {
      if (body[k] === '!' || body[k] === ':') {
        end = k;
        break;
      }
    }
    const fieldName = body.slice(0, end);
    let conversion: string | null = null;
    let formatSpec = '';
    let rest = body.slice(end);
    if (rest.startsWith('!')) {
      if (rest.length < 2) return 'end of string while looking for conversion specifier';
      conversion = rest[1] ?? null;
      rest = rest.slice(2);
      if (rest.length > 0 && !rest.startsWith(':')) return "expected ':' after conversion specifier";
    }
    if (rest.startsWith(':')) formatSpec = rest.slice(1);
    parts.push({ literal, fieldName, formatSpec, conversion });
    literal = '';
    i = j + 1;
  }
  if (literal) parts.push({ literal, fieldName: null, formatSpec: null, conversion: null });
  return parts;
}
