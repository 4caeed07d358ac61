/**
 * The weighted medical vocabulary (German, Dutch, English, drug names) assembled from the lists in
 * ./vocabulary, plus the few case-sensitive clinical abbreviations and the ICD-10 code shape.
 */
import { drugs } from './vocabulary/drugs.ts';
import { dutch } from './vocabulary/dutch.ts';
import { english } from './vocabulary/english.ts';
import { german } from './vocabulary/german.ts';
import { expand, type MedicalTerm } from './vocabulary/types.ts';

export type { MedicalTerm } from './vocabulary/types.ts';

export const medicalTerms: MedicalTerm[] = [german, dutch, english, drugs].flatMap(expand);

/**
 * Abbreviations that are clinical only in capitals: "OP" (Dutch "op" is "on"), "MRT" (Dutch "mrt"
 * is March), "AU" (sick note), "TEP" (joint replacement), "V. a." (suspected), "Z. n." (status after).
 */
export const clinicalAbbreviations: ReadonlyArray<{ re: RegExp; weight: number }> = [
  { re: /(?<![\p{L}\p{N}])(?:OP|OPs|MRT|AU|TEP|KG|ZFA)(?![\p{L}\p{N}])/gu, weight: 2 },
  { re: /(?<![\p{L}\p{N}])(?:V\. ?a\.|Z\. ?n\.|Dx|DD)(?![\p{L}\p{N}])/gu, weight: 3 },
];

/** A dose ("5 mg", "2,5 mg 1-0-1", "800 mg nocte"): drug talk about someone, not a leaflet's prose. */
export const dosePattern = /(?<![\p{L}\p{N}])(?:\d+(?:[.,]\d+)? ?(?:mg|µg|mcg|ml|IE|I\.E\.|mmol\/l|mg\/dl|E)(?![\p{L}])|[0-2]-[0-2]-[0-2](?:-[0-2])?(?![\p{N}-]))/gu;

/** Words that make a letter-and-digits code an ICD-10 code rather than a paper size or a seat number. */
export const icdContext = /(?:icd|diagnos|befund|code|kodierung|codering|classificatie)/iu;
export const icdCode = /(?<![\p{L}\p{N}])([A-TV-Z]\d{2}(?:\.\d{1,2})?[GVAZLRB]?)(?![\p{L}\p{N}])/gu;
