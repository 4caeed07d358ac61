/** German clinical vocabulary: documents, diagnoses (ICD-10 chapter names and common diseases), dental, surgical, mental health, sick leave. */
import type { VocabularyList } from './types.ts';

export const german: VocabularyList = {
  '3i': 'befund|diagnos|arztbrief|entlassungsbrief|entlassungsbericht|epikrise|anamnese|krankheitsverlauf|histolog|patientenakte|überweisungsschein|' +
    'arbeitsunfähig|krankgeschrieben|krankschreibung|krankmeldung|krankgemeldet|eingliederungsmanagement|erwerbsminderung|schwerbehind|' +
    'karzinom|metasta|chemotherap|strahlentherap|bestrahlung|onkolog|leukämie|lymphom|melanom|sarkom|' +
    'psychiatr|psychotherap|psychose|psychotisch|depressi|schizophren|bipolar|angststörung|panikattack|zwangsstörung|essstörung|magersucht|bulimie|' +
    'suizid|selbstverletz|burnout|burn-out|erschöpfungssyndrom|traumafolge|belastungsstörung|persönlichkeitsstörung|alkoholabhängig|suchterkrank|abhängigkeitserkrank|entzugs|' +
    'demenz|alzheimer|parkinson|epilepsie|sklerose|schlaganfall|hirninfarkt|herzinfarkt|myokardinfarkt|herzinsuffizienz|vorhofflimmern|hypertonie|' +
    'diabet|hyperkaliäm|niereninsuffizienz|dialyse|hepatitis|tuberkulose|zirrhose|pankreatitis|divertikulitis|appendizitis|pneumonie|lungenembolie|thrombose|' +
    'bandscheibe|radikulopath|nukleotomie|fraktur|arthrose|rheuma|polyarthritis|osteoporose|skoliose|meniskus|kreuzband|endoprothese|' +
    'schwanger|fehlgeburt|entbindung|kaiserschnitt|wochenbett|' +
    'wurzelbehandlung|wurzelkanal|wurzelspitz|parodont|periimplant|kieferorthopäd|zahnextraktion|implantat|' +
    'dekubitus|amputation|ektomie|hernie|allergie|anaphyla|unverträglichkeit|infarkt|insuffizienz|syndrom|karies',
  '3p': 'krebs|tumor|hiv|migräne|asthma|copd|neurodermitis|psoriasis|delir|adipositas|hämatom|blutung|sepsis|' +
    'extraktion|schwangerschaft|mastektomie|hysterektomie|cholezystektomie|arthroskop|prolaps|ischias|lumbago|stent|' +
    'impfstatus|titer|rezidiv|anti-hbs|hämoglobin|hba1c|kreatinin|inr-|wiedereingliederung',
  '3w': 'krank|aids|tia|cva|tep|inr|mrsa|adhs|ptbs|bem|au-bescheinigung|v. a.|v.a.|z. n.|z.n.',
  '2i': 'therapie|medikation|medikament|behandlung|laborwert|blutbild|blutdruck|blutzucker|blutentnahme|blutverdünn|gerinnung|antikoagul|' +
    'operation|operativ|operiert|eingriff|narkose|anästhes|sedierung|röntgen|sonograph|ultraschall|endoskop|koloskop|gastroskop|biopsie|' +
    'symptom|dosierung|verordnung|stationär|ambulan|fachärzt|hausärzt|krankenhaus|klinikum|pflegegrad|anschlussheilbehandlung|' +
    'physiotherap|krankengymnast|ergotherap|logopäd|lymphdrainage|infusion|injektion|infiltration|entzündung|infektion|infekt|' +
    'zahnersatz|zahnfleisch|knochenaufbau|prothese|heil- und kostenplan|rehabilitation|gangschule|wundversorgung|wundheilung|' +
    'antibiotik|schmerzmittel|tablette|beschwerden|sehstörung|parästhes|läsion|ödem|hypotonie|schwindel',
  '2p': 'reha|ekg|crp|egfr|kalium|natrium|fieber|allerg|impfung|krankheit|erkrank|genesung|kontrolluntersuchung|nachsorge|' +
    'thromboseprophylaxe|notaufnahme|intensivstation|sprechstunde|liquor|pathologisch|chirurg',
  '2w': 'ct|mri|au|hws|lws|bws|vkb|wunde|wunden',
  '1i': 'schmerz|untersuchung|arzt|ärztin|zahnarzt|praxis|klinik|patient|bewohner|pflege|krankenpfleg',
  '1p': 'knie|hüft|schulter|rücken|bauch|zahn|zähne|kiefer|herz|lunge|niere|leber|magen|darm|auge|kontrolle|krankenkasse|rezept',
  '0p': 'rezeption|kooperati|desinfe|grundverordnung|operationsmanagement',
};
