// Live security notices while composing: the organisation's rules (GET /api/security-notices/rules) run on this
// device with the same engine as the server (src/core/dlp), so the draft's plaintext is never sent anywhere.
import { useEffect, useState, type ReactNode } from 'react';
import type { Draft, Notice } from '../../../src/core/dlp/types.ts';
import type { RuleSet } from '../../../src/core/dlp/rule-set.ts';
import type { RenderedNotice, renderNotice as RenderNotice } from '../../../src/core/dlp/render-notice.ts';
import type { scanDraft as ScanDraft } from '../../../src/core/dlp/scan-draft.ts';
import { strongestDemand, type NoticeDemand } from '../../../src/core/agreements/min-verification.ts';
import { useI18n } from '../i18n/index.ts';
import type { SenderAccess } from './sender-access.ts';

interface Engine {
  scanDraft: typeof ScanDraft;
  renderNotice: typeof RenderNotice;
}

async function loadEngine(): Promise<Engine> {
  const [scan, render] = await Promise.all([import('../../../src/core/dlp/scan-draft.ts'), import('../../../src/core/dlp/render-notice.ts')]);
  return { scanDraft: scan.scanDraft, renderNotice: render.renderNotice };
}

export interface NoticeState {
  notices: Notice[];
  highest: Notice['level'] | null;
}

/** Scans the draft 300 ms after the last change; returns the current notices. */
export function useSecurityNotices(access: SenderAccess, draft: Draft): { state: NoticeState; engine: Engine | null; demand: NoticeDemand | undefined } {
  const { api, token, email: senderAddress } = access;
  const [engine, setEngine] = useState<Engine | null>(null);
  const [rules, setRules] = useState<RuleSet | null>(null);
  const [state, setState] = useState<NoticeState>({ notices: [], highest: null });
  useEffect(() => {
    let live = true;
    Promise.all([loadEngine(), api.request<RuleSet>('GET', '/api/security-notices/rules', { token })]).then(([e, r]) => {
      if (!live) return;
      setEngine(e);
      setRules(r);
    }, () => undefined);
    return () => {
      live = false;
    };
  }, [api, token]);
  const key = JSON.stringify(draft);
  useEffect(() => {
    if (!engine || !rules) return;
    const timer = setTimeout(() => {
      const result = engine.scanDraft(JSON.parse(key) as Draft, rules, { senderAddress });
      setState({ notices: result.notices, highest: result.highestLevel });
    }, 300);
    return () => clearTimeout(timer);
  }, [engine, rules, key, senderAddress]);
  // The strongest verification the shown notices' rules demand: compose offers only methods that meet it.
  const demand = rules ? strongestDemand(rules, state.notices.map((n) => n.id)) : undefined;
  return { state, engine, demand };
}

export function SecurityNotices(props: { state: NoticeState; engine: Engine | null }): ReactNode {
  const { t, lang } = useI18n();
  const { notices } = props.state;
  return (
    <section className="notices" aria-labelledby="notices-title" aria-live="polite">
      <h2 id="notices-title" className="h3">{t('notices.title')}</h2>
      {notices.length === 0 || !props.engine ? (
        <p className="hint">{props.engine ? t('notices.none') : t('notices.loading')}</p>
      ) : (
        <ul className="notice-list">
          {notices.map((n) => {
            const r: RenderedNotice = props.engine!.renderNotice(n, lang);
            return (
              <li key={n.id} className={`notice notice-${n.level}`}>
                <p className="notice-head"><span className="notice-level">{r.level}</span> <strong>{r.title}</strong></p>
                {r.where && <p className="notice-where">{r.where}</p>}
                <p>{r.why}</p>
                <p>{r.action}</p>
                {r.evidence.length > 0 && <p className="notice-evidence">{r.evidence.join(', ')}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
