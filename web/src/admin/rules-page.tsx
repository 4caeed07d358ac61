// The organisation's security-notice rules: detectors on/off and their level, the organisation's own keyword rules,
// and a live test box. The test runs the senders' own engine (src/core/dlp) on this device against the rules as
// edited, before saving: the sample text never leaves the browser.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { RuleSet } from '../../../src/core/dlp/rule-set.ts';
import type { RenderedNotice, renderNotice as RenderNotice } from '../../../src/core/dlp/render-notice.ts';
import type { scanDraft as ScanDraft } from '../../../src/core/dlp/scan-draft.ts';
import type { Level, Notice } from '../../../src/core/dlp/types.ts';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { adminErrorText } from './admin-errors.ts';
import { staffRequest } from '../account/staff-api.ts';
import { useLoad } from './use-load.ts';

interface Engine {
  scanDraft: typeof ScanDraft;
  renderNotice: typeof RenderNotice;
}
interface Loaded { ruleSet: RuleSet; source: 'stored' | 'default' | 'invalid' }
type Detectors = RuleSet['detectors'];
type DetectorKey = keyof Detectors;

const levels: readonly Level[] = ['advice', 'warning', 'required'];
const levelKey: Record<Level, MessageKey> = { advice: 'admin.rules.level.advice', warning: 'admin.rules.level.warning', required: 'admin.rules.level.required' };

function LevelSelect(props: { id: string; value: Level; label: string; onChange: (l: Level) => void }): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <label className="visually-hidden" htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as Level)}>
        {levels.map((l) => <option key={l} value={l}>{t(levelKey[l])}</option>)}
      </select>
    </>
  );
}

function DetectorTable(props: { detectors: Detectors; onChange: (d: Detectors) => void }): ReactNode {
  const { t } = useI18n();
  const keys = Object.keys(props.detectors) as DetectorKey[];
  const set = (key: DetectorKey, patch: Record<string, unknown>) => props.onChange({ ...props.detectors, [key]: { ...props.detectors[key], ...patch } });
  return (
    <div className="table-wrap">
      <table className="recipient-table admin-table">
        <thead><tr><th scope="col">{t('admin.rules.detector')}</th><th scope="col">{t('admin.rules.on')}</th><th scope="col">{t('admin.rules.level')}</th></tr></thead>
        <tbody>
          {keys.map((key) => {
            const d = props.detectors[key] as { enabled: boolean; level?: Level };
            const name = t(`admin.detector.${key}` as MessageKey);
            return (
              <tr key={key}>
                <td>{name}</td>
                <td>
                  <div className="checkbox">
                    <input id={`det-${key}`} type="checkbox" checked={d.enabled} onChange={(e) => set(key, { enabled: e.target.checked })} />
                    <label className="visually-hidden" htmlFor={`det-${key}`}>{t('admin.rules.onOf', { name })}</label>
                  </div>
                </td>
                <td>{d.level ? <LevelSelect id={`lvl-${key}`} value={d.level} label={t('admin.rules.levelOf', { name })} onChange={(level) => set(key, { level })} /> : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

type Custom = RuleSet['custom'];

function KeywordRules(props: { custom: Custom; onChange: (c: Custom) => void }): ReactNode {
  const { t } = useI18n();
  const [label, setLabel] = useState('');
  const [words, setWords] = useState('');
  const [level, setLevel] = useState<Level>('warning');
  const add = (event: FormEvent) => {
    event.preventDefault();
    const keywords = words.split(/[,\n]/).map((w) => w.trim()).filter((w) => w.length >= 2);
    if (!label.trim() || keywords.length === 0) return;
    const id = `kw-${Date.now().toString(36)}`;
    props.onChange([...props.custom, { kind: 'keywords', id, label: label.trim(), keywords, level, minCount: 1 }]);
    setLabel('');
    setWords('');
  };
  return (
    <>
      {props.custom.length === 0 ? <p>{t('admin.rules.noCustom')}</p> : (
        <ul className="rule-list">
          {props.custom.map((c) => (
            <li key={c.id}>
              <strong>{c.label}</strong> ({t(levelKey[c.level])}): {c.kind === 'keywords' ? c.keywords.join(', ') : c.pattern}
              <button type="button" className="button-link danger" aria-label={t('admin.rules.removeOf', { label: c.label })} onClick={() => props.onChange(props.custom.filter((x) => x.id !== c.id))}>{t('common.remove')}</button>
            </li>
          ))}
        </ul>
      )}
      <fieldset>
        <legend>{t('admin.rules.addKeywords')}</legend>
        <div className="field">
          <label htmlFor="kw-label">{t('admin.rules.keywordLabel')}</label>
          <input id="kw-label" value={label} onChange={(e) => setLabel(e.target.value)} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="kw-words">{t('admin.rules.keywords')}</label>
          <input id="kw-words" value={words} onChange={(e) => setWords(e.target.value)} aria-describedby="kw-words-hint" />
          <p id="kw-words-hint" className="hint">{t('admin.rules.keywordsHint')}</p>
        </div>
        <div className="field">
          <label htmlFor="kw-level">{t('admin.rules.level')}</label>
          <select id="kw-level" value={level} onChange={(e) => setLevel(e.target.value as Level)}>
            {levels.map((l) => <option key={l} value={l}>{t(levelKey[l])}</option>)}
          </select>
        </div>
        <button type="button" className="button-secondary" onClick={add}>{t('admin.rules.add')}</button>
      </fieldset>
    </>
  );
}

/** The live test: the sample and file names are scanned here with the edited rules, 300 ms after the last change. */
function TestBox(props: { rules: RuleSet; senderAddress: string }): ReactNode {
  const { t, lang } = useI18n();
  const [engine, setEngine] = useState<Engine | null>(null);
  const [sample, setSample] = useState('');
  const [names, setNames] = useState('');
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    let live = true;
    void Promise.all([import('../../../src/core/dlp/scan-draft.ts'), import('../../../src/core/dlp/render-notice.ts')]).then(([scan, render]) => {
      if (live) setEngine({ scanDraft: scan.scanDraft, renderNotice: render.renderNotice });
    });
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (!engine) return;
    const timer = setTimeout(() => {
      const attachments = names.split('\n').map((n) => n.trim()).filter(Boolean).map((name) => ({ name }));
      setNotices(engine.scanDraft({ subject: '', body: sample, to: [], attachments }, props.rules, { senderAddress: props.senderAddress }).notices);
    }, 300);
    return () => clearTimeout(timer);
  }, [engine, sample, names, props.rules, props.senderAddress]);
  return (
    <section className="card" aria-labelledby="test-title">
      <h2 id="test-title">{t('admin.rules.testTitle')}</h2>
      <p className="hint">{t('admin.rules.testHint')}</p>
      <div className="field">
        <label htmlFor="test-sample">{t('admin.rules.testSample')}</label>
        <textarea id="test-sample" rows={5} value={sample} onChange={(e) => setSample(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="test-files">{t('admin.rules.testFiles')}</label>
        <textarea id="test-files" rows={2} value={names} onChange={(e) => setNames(e.target.value)} />
      </div>
      <div aria-live="polite" className="test-results">
        {!engine ? <p className="hint">{t('common.loading')}</p> : notices.length === 0 ? <p>{t('admin.rules.testNone')}</p> : (
          <ul className="notice-list">
            {notices.map((n) => {
              const r: RenderedNotice = engine.renderNotice(n, lang);
              return (
                <li key={n.id} className={`notice notice-${n.level}`} data-detector={n.detector}>
                  <p><span className="notice-level">{r.level}</span> <strong>{r.title}</strong></p>
                  {r.evidence.length > 0 && <p className="notice-evidence">{r.evidence.join(', ')}</p>}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}

function Editor(props: { loaded: Loaded; senderAddress: string }): ReactNode {
  const { t } = useI18n();
  const [rules, setRules] = useState<RuleSet>(props.loaded.ruleSet);
  const [source, setSource] = useState(props.loaded.source);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const edit = (next: RuleSet) => {
    setRules(next);
    setSaved(false);
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    staffRequest<Loaded>('PUT', '/api/org/security-notices/rules', rules).then(
      (l) => {
        setRules(l.ruleSet);
        setSource(l.source);
        setSaved(true);
      },
      setError,
    );
  };
  return (
    <>
      <form className="card" onSubmit={save}>
        <p className="hint">{source === 'stored' ? t('admin.rules.sourceStored') : t('admin.rules.sourceDefault')}</p>
        <div className="field">
          <label htmlFor="rules-name">{t('admin.rules.name')}</label>
          <input id="rules-name" value={rules.name} maxLength={200} onChange={(e) => edit({ ...rules, name: e.target.value })} />
        </div>
        <h2>{t('admin.rules.detectors')}</h2>
        <DetectorTable detectors={rules.detectors} onChange={(detectors) => edit({ ...rules, detectors })} />
        <h2>{t('admin.rules.custom')}</h2>
        <KeywordRules custom={rules.custom} onChange={(custom) => edit({ ...rules, custom })} />
        {error !== null && <p className="alert alert-error" role="alert">{adminErrorText(error, t)}</p>}
        {saved && <p className="alert alert-success" role="status">{t('admin.rules.saved')}</p>}
        <div className="actions">
          <button type="submit" className="button-primary">{t('admin.common.save')}</button>
        </div>
      </form>
      <TestBox rules={rules} senderAddress={props.senderAddress} />
    </>
  );
}

export function RulesPage(props: { senderAddress: string }): ReactNode {
  const { t } = useI18n();
  const loaded = useLoad(() => staffRequest<Loaded>('GET', '/api/org/security-notices/rules'), []);
  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">{t('admin.rules.title')}</h1>
      {loaded.error !== null && <p className="alert alert-error" role="alert">{adminErrorText(loaded.error, t)}</p>}
      {loaded.data ? <Editor loaded={loaded.data} senderAddress={props.senderAddress} /> : <p className="loading" role="status">{t('common.loading')}</p>}
    </section>
  );
}
