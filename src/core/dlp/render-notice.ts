/** Turns a notice into the sentences a sender reads, in their language; evidence is already masked. */
import { formatMessage } from '../text/message-format.ts';
import { andWord, combinationLabels, levelNames, noticeTexts, partNames, reasonNames, signalNames, type Lang } from './notice-texts.ts';
import type { RiskSignalId } from './risk-score.ts';
import type { Location, Notice } from './types.ts';

export type { Lang } from './notice-texts.ts';

export interface RenderedNotice {
  level: string;
  title: string;
  where: string;
  why: string;
  action: string;
  evidence: string[];
}

/** "a, b and c" in the sender's language. */
function joinList(items: string[], lang: Lang): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${andWord[lang]} ${items[items.length - 1] ?? ''}`;
}

function fill(template: string, notice: Notice, lang: Lang): string {
  const values: Record<string, string | number> = { ...notice.params, count: notice.count };
  if (notice.params.reason !== undefined) values.reason = reasonNames[lang][String(notice.params.reason)] ?? String(notice.params.reason);
  if (typeof notice.params.signals === 'string') {
    const names = notice.params.signals.split(',').map((s) => signalNames[lang][s as RiskSignalId] ?? s);
    values.signals = joinList(names, lang);
  }
  const builtIn = combinationLabels[lang][notice.id.replace(/^combination:/, '')];
  // A built-in label may itself name values (the combined notice lists its signals and score).
  if (notice.detector === 'combination' && builtIn) values.label = formatMessage(lang, builtIn, values);
  return formatMessage(lang, template, values);
}

export function describeLocation(loc: Location, lang: Lang): string {
  const names = partNames[lang];
  const parts = [loc.attachmentName ? `${names[loc.part] ?? loc.part} "${loc.attachmentName}"` : (names[loc.part] ?? loc.part)];
  if (loc.page !== undefined) parts.push(`${names.page} ${loc.page}`);
  if (loc.line !== undefined) parts.push(`${names.line} ${loc.line}`);
  return parts.join(', ');
}

export function renderNotice(notice: Notice, lang: Lang): RenderedNotice {
  const t = noticeTexts[lang][notice.detector];
  const title = fill(t.what, notice, lang);
  return {
    level: levelNames[lang][notice.level],
    title: title.charAt(0).toUpperCase() + title.slice(1),
    where: notice.locations.map((l) => describeLocation(l, lang)).join('; '),
    why: t.why,
    action: t.todo,
    evidence: notice.evidence,
  };
}

/** One block of plain text per notice, for the CLI and for mail. */
export function renderNoticeText(notice: Notice, lang: Lang): string {
  const r = renderNotice(notice, lang);
  const ev = r.evidence.length > 0 ? ` [${r.evidence.join(', ')}]` : '';
  return `${r.level}: ${r.title}${ev}\n  ${r.where}\n  ${r.why}\n  ${r.action}`;
}
