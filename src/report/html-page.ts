import { escapeMarkup } from './escape-markup.js';

/**
 * Content-Security-Policy of every generated page: nothing may be fetched (no scripts, fonts,
 * stylesheets or images from anywhere), inline styles and `data:` images only. The browser itself
 * blocks any network request a report might contain by mistake.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px 24px 48px; color: #222; }
h1 { font-size: 22px; margin: 8px 0; } h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; } h3 { font-size: 15px; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 10px; color: #fff; font-weight: 600; }
.badge.pass, .badge.met { background: #1b7837; } .badge.fail, .badge.missed { background: #d73027; } .badge.empty { background: #999; }
.badge.at-risk { background: #e08214; } .badge.blocked { background: #762a83; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
svg.chart { background: #fff; border: 1px solid #eee; } svg.chart text { font: 11px system-ui, sans-serif; fill: #333; }
svg.chart .axis-label { font-size: 12px; } svg.chart .legend { font-size: 11px; } svg.chart .tick { font-size: 10px; fill: #555; }
details { margin: 6px 0; } summary { cursor: pointer; } code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.muted { color: #666; } .outcome { font-weight: 600; }
`;

/** A complete self-contained HTML page: CSP, inline style, no scripts, no external references. */
export function htmlPage(title: string, body: string): string {
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeMarkup(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`
  );
}
