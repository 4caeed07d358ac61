import { describe, expect, it } from 'vitest';
import { parseRuleSet } from '../../core/dlp/rule-set.ts';
import { firedNoticeIds } from './send-notices.ts';

const rules = parseRuleSet({ version: 1, custom: [{ kind: 'keywords', id: 'patient', label: 'Patient', keywords: ['patientenakte'], level: 'warning', minVerification: 'code' }] });
const file = (name: string) => ({ name, size: 10, type: '', lastModified: 0, slice: () => new Blob([]) }) as never;

describe('the notices the CLI declares at send', () => {
  it('are the ids of the notices the rule set raises on the subject, text and attachment names', async () => {
    const input = { subject: 'Patientenakte', text: 'Anbei.', recipients: [{ email: 'bob@elsewhere.example', field: 'to' as const }], files: [file('befund.exe')] };
    const ids = await firedNoticeIds(rules, input, 'anna@praxis.example');
    expect(ids).toContain('custom:patient');
    expect(ids).toContain('riskyAttachment');
    expect(await firedNoticeIds(rules, { ...input, subject: 'Termin', files: [] }, 'anna@praxis.example')).not.toContain('custom:patient');
  });
});
