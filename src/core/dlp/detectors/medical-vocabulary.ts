/**
 * Weighted medical vocabulary (German, Dutch, English). Stems match at the start of a word, so
 * compounds and inflections count ("Befundbericht", "diagnoses"); stems marked `inside` also match
 * inside German/Dutch compounds ("Laborbefund", "bloeddruk"). Weight 3: words that on their own say
 * "this is about a patient's health"; 2: clinical but broader; 1: everyday words that only add up.
 */
export interface MedicalTerm {
  stem: string;
  weight: 1 | 2 | 3;
  inside?: boolean;
}

const strong = (stems: string[], inside = false): MedicalTerm[] => stems.map((stem) => ({ stem, weight: 3, inside }));
const medium = (stems: string[], inside = false): MedicalTerm[] => stems.map((stem) => ({ stem, weight: 2, inside }));
const weak = (stems: string[]): MedicalTerm[] => stems.map((stem) => ({ stem, weight: 1 }));

export const medicalTerms: MedicalTerm[] = [
  // German
  ...strong(['befund', 'diagnose', 'arztbrief', 'entlassungsbrief', 'epikrise', 'anamnese', 'krankheitsverlauf', 'histolog', 'patientenakte', 'überweisungsschein', 'arbeitsunfähigkeit'], true),
  ...strong(['karzinom', 'metastas', 'chemotherap', 'psychiatr', 'psychotherap', 'schizophren', 'depressi', 'diabetes', 'hiv', 'aids', 'hepatitis', 'tumor', 'demenz', 'epilepsie', 'schwangerschaft', 'suizid']),
  ...medium(['therapie', 'medikation', 'behandlung', 'laborwert', 'blutbild', 'blutdruck', 'blutzucker', 'operation', 'röntgen', 'mrt-', 'sonograph', 'allergie', 'symptom', 'dosierung', 'verordnung', 'rezept', 'stationär', 'ambulant', 'fachärzt', 'hausärzt', 'krankenhaus', 'klinikum', 'pflegegrad'], true),
  ...weak(['patient', 'arzt', 'ärztin', 'praxis', 'klinik', 'schmerz', 'untersuchung', 'kontrolle', 'mg ', 'tablette', 'krankenkasse']),
  // Dutch
  ...strong(['diagnose', 'patiëntdossier', 'patientdossier', 'verwijsbrief', 'ontslagbrief', 'specialistenbrief', 'medisch dossier', 'uitslag', 'anamnese', 'pathologie'], true),
  ...strong(['carcinoom', 'kanker', 'chemokuur', 'chemotherapie', 'psychiatr', 'psychose', 'depressie', 'suïcid', 'zwangerschap', 'dementie']),
  ...medium(['behandeling', 'behandelplan', 'medicatie', 'bloeddruk', 'bloedwaarde', 'bloedonderzoek', 'laboratorium', 'recept', 'opname', 'polikliniek', 'huisarts', 'specialist', 'ziekenhuis', 'fysiotherap', 'verpleeg', 'ggz'], true),
  ...weak(['patiënt', 'dokter', 'arts ', 'klacht', 'pijn', 'onderzoek', 'controle', 'zorgverzekeraar', 'afspraak']),
  // English
  ...strong(['diagnos', 'discharge summary', 'referral letter', 'medical record', 'lab result', 'pathology', 'histopatholog', 'biopsy', 'prognosis', 'clinical finding']),
  ...strong(['carcinoma', 'cancer', 'metastas', 'chemotherapy', 'psychiatric', 'schizophreni', 'depression', 'hiv', 'hepatitis', 'dementia', 'pregnan', 'suicid', 'epilep']),
  ...medium(['treatment', 'medication', 'prescription', 'blood pressure', 'blood test', 'blood count', 'glucose', 'surgery', 'therapy', 'radiolog', 'x-ray', 'allerg', 'symptom', 'dosage', 'inpatient', 'outpatient', 'hospital', 'clinic', 'gp ', 'physician']),
  ...weak(['patient', 'doctor', 'nurse', 'pain', 'examination', 'follow-up', 'appointment', 'insurer']),
];

/** Words that make a letter-and-digits code an ICD-10 code rather than a paper size or a seat number. */
export const icdContext = /(?:icd|diagnos|befund|code|kodierung|codering|classificatie)/iu;
export const icdCode = /(?<![\p{L}\p{N}])([A-TV-Z]\d{2}(?:\.\d{1,2})?[GVAZLRB]?)(?![\p{L}\p{N}])/gu;
