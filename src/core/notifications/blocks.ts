/**
 * A notification is a list of blocks rendered twice: as HTML (every string escaped here, in one
 * place) and as the plain-text alternative. Catalog messages are plain text and never contain markup,
 * so no interpolated value can inject HTML.
 */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'code'; code: string }
  | { kind: 'button'; label: string; url: string; fallback: string }
  | { kind: 'quote'; text: string }
  | { kind: 'list'; heading: string; items: string[] }
  | { kind: 'note'; text: string };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const multiline = (text: string): string => escapeHtml(text).replace(/\r?\n/g, '<br>');

const styles = {
  body: 'margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933;',
  card: 'max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px;',
  p: 'margin:0 0 16px;font-size:15px;line-height:1.5;',
  code: 'margin:0 0 16px;font-size:28px;letter-spacing:4px;font-weight:bold;font-family:Consolas,monospace;',
  button: 'display:inline-block;background:#1d4ed8;color:#ffffff;text-decoration:none;padding:12px 24px;border-radius:6px;font-weight:bold;',
  quote: 'margin:0 0 16px;padding:8px 16px;border-left:4px solid #cbd2d9;font-size:15px;line-height:1.5;',
  note: 'margin:0 0 12px;font-size:13px;line-height:1.4;color:#616e7c;',
  link: 'color:#1d4ed8;word-break:break-all;',
};

function blockToHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="${styles.p}">${multiline(block.text)}</p>`;
    case 'code':
      return `<p style="${styles.code}">${escapeHtml(block.code)}</p>`;
    case 'quote':
      return `<blockquote style="${styles.quote}">${multiline(block.text)}</blockquote>`;
    case 'note':
      return `<p style="${styles.note}">${multiline(block.text)}</p>`;
    case 'list':
      return `<p style="${styles.p}">${escapeHtml(block.heading)}</p><ul style="${styles.p}">${block.items
        .map((item) => `<li>${escapeHtml(item)}</li>`)
        .join('')}</ul>`;
    case 'button': {
      const url = escapeHtml(block.url);
      return (
        `<p style="${styles.p}"><a href="${url}" style="${styles.button}">${escapeHtml(block.label)}</a></p>` +
        `<p style="${styles.note}">${escapeHtml(block.fallback)}<br><a href="${url}" style="${styles.link}">${url}</a></p>`
      );
    }
  }
}

export function renderHtml(blocks: Block[], options: { lang: string; title: string; footer: string }): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(options.lang)}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title></head>`,
    `<body style="${styles.body}"><div style="${styles.card}">`,
    ...blocks.map(blockToHtml),
    `<hr style="border:none;border-top:1px solid #e4e7eb;margin:24px 0 16px"><p style="${styles.note}">${multiline(options.footer)}</p>`,
    '</div></body></html>',
  ].join('\n');
}

function blockToText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
    case 'note':
      return block.text;
    case 'code':
      return `    ${block.code}`;
    case 'quote':
      return block.text.split(/\r?\n/).map((line) => `> ${line}`).join('\n');
    case 'list':
      return [block.heading, ...block.items.map((item) => `- ${item}`)].join('\n');
    case 'button':
      return `${block.label}:\n${block.url}`;
  }
}

export function renderText(blocks: Block[], footer: string): string {
  // '-- ' (with the space) is the signature delimiter mail clients recognise and fold away.
  return [...blocks.map(blockToText), `-- \n${footer}`].join('\n\n') + '\n';
}
