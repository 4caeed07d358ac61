/**
 * Whose account an IBAN is, read from the words around it: a person's (salary, refund, "my new
 * account", an account holder's name) or an organisation's (invoice footer, reminder, company
 * register, VAT number, donation account). Private cues win: a company refunding a patient writes
 * "Rückerstattung … auf Ihr Konto". Neither: `neutral`, and the plain count rule applies.
 */
import type { TextSource } from '../text-source.ts';

export type IbanContext = 'private' | 'company' | 'neutral';

const privateCue = new RegExp(
  '(?:gehalt|lohn|bezüge|salaris|salary|payroll|\\bloon|wages|erstatt|rückzahl|zurückzahl|terugbetal|terugstort|refund|reimburs|declaratie|' +
    'vergoed|auszahl|uitbetal|selbstbehalt|eigenanteil|zuzahlung|eigen bijdrage|eigen risico|voorschot|privat|persönlich|personal account|' +
    'mein(?:e|em)? (?:neues? )?konto|meine (?:neue )?bankverbindung|mijn (?:nieuwe )?rekening|my (?:new |personal |own )?(?:bank )?account|' +
    'eigen rekening|haar rekening|zijn rekening|her account|his account|ihr(?:em)? konto|uw rekening|kontoinhaber|rekeninghouder|account name|' +
    'account holder|lautend auf|new starters?|aushilfe|stunden und bankverbindung|t\\.n\\.v\\.\\s+(?:(?:mw|mevr|dhr|de heer|mevrouw)\\.?\\s+)?(?:\\p{Lu}\\.\\s?){1,3}\\p{Lu})',
  'iu',
);
const companyCue = new RegExp(
  '(?:gmbh|\\bag\\b|\\bkg\\b|e\\.\\s?v\\.|b\\.v\\.|\\bbv\\b|n\\.v\\.|\\bltd\\b|limited|\\bllc\\b|\\binc\\b|\\bplc\\b|\\bhrb\\b|\\bhra\\b|amtsgericht|' +
    'handelsregister|\\bkvk\\b|ust-?id|\\bbtw\\b|\\bvat\\b|steuernummer|registered in|company no|geschäftsführ|spendenkonto|stichwort|' +
    'rechnung|factuur|invoice|mahnung|zahlungserinnerung|betalingsherinnering|payment reminder|zahlbar|betaalbaar|payment terms|' +
    'unser(?:em)? konto|onze rekening|our account|our bank)',
  'iu',
);

/** Classifies the IBAN at `index` by the 300 characters before it and 150 after (same source), plus the subject. */
export function ibanContext(source: TextSource, index: number, length: number, subject: string, ownVat: readonly string[]): IbanContext {
  const near = source.text.slice(Math.max(0, index - 300), Math.min(source.text.length, index + length + 150));
  if (privateCue.test(near) || privateCue.test(subject)) return 'private';
  const compact = near.replace(/[\s.]/g, '').toUpperCase();
  if (companyCue.test(near) || ownVat.some((v) => compact.includes(v.replace(/[\s.]/g, '').toUpperCase()))) return 'company';
  return companyCue.test(subject) ? 'company' : 'neutral';
}
