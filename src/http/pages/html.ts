/** Minimal server-rendered HTML: everything interpolated goes through `escapeHtml`, pages load no script. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface PageOptions {
  lang: string;
  title: string;
  body: string;
}

export function renderPage({ lang, title, body }: PageOptions): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Sealpost</title>
<link rel="stylesheet" href="/assets/server-pages.css">
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** Plain text rendered safely, with http(s) URLs made clickable (the dev mailbox shows notification links). */
export function textWithLinks(text: string): string {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
  return parts
    .map((part, i) => (i % 2 === 1 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part)))
    .join('');
}

export const serverPagesCss = `
:root { color-scheme: light; --fg: #1a1a1a; --muted: #4a4a4a; --accent: #0b57d0; --line: #d0d0d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible { outline: 3px solid #f9a825; outline-offset: 2px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; }
.muted { color: var(--muted); }
pre { white-space: pre-wrap; word-break: break-word; background: #f5f5f5; padding: 1rem; border-radius: .25rem; }
.badge { display: inline-block; padding: 0 .4rem; border: 1px solid var(--muted); border-radius: .25rem; font-size: .85rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
button { font: inherit; padding: .4rem .9rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: .25rem; cursor: pointer; }
`;
