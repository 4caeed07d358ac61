/** Dutch clinical vocabulary: documents, diagnoses, dental, surgical, mental health, absence and reintegration. */
import type { VocabularyList } from './types.ts';

export const dutch: VocabularyList = {
  '3i': 'diagnos|patiëntdossier|patientdossier|verwijsbrief|ontslagbrief|specialistenbrief|medisch dossier|anamnese|pathologie|behandelverslag|intakeverslag|' +
    'carcinoom|kanker|metasta|chemotherapie|chemokuur|bestraling|oncolog|leukemie|lymfoom|melanoom|' +
    'psychiatr|psychose|psychotisch|depressie|depressief|angststoornis|paniekaanval|dwangstoornis|eetstoornis|anorexia|boulimia|posttraumatisch|stressstoornis|persoonlijkheidsstoornis|' +
    'suïcid|suicid|zelfbeschadig|burn-out|burnout|overspannen|verslaving|verslaafd|middelengebruik|alcoholmisbruik|' +
    'dementie|alzheimer|parkinson|epilepsie|sclerose|beroerte|herseninfarct|hartinfarct|hartfalen|boezemfibrilleren|atriumfibrilleren|hypertensie|' +
    'suikerziekte|diabet|nierinsufficiëntie|nierfalen|dialyse|hepatitis|tuberculose|longontsteking|pneumonie|longembolie|trombose|' +
    'hernia|fractuur|artrose|reuma|osteoporose|meniscus|kruisband|vkb-reconstructie|heupprothese|knieprothese|' +
    'zwanger|miskraam|bevalling|keizersnede|' +
    'ziek gemeld|ziekgemeld|ziekmelding|ziekteverzuim|arbeidsongeschikt|arbeidsongeschiktheid|re-integratie|reïntegratie|probleemanalyse|' +
    'wortelkanaal|kanaalbehandeling|verstandskies|implantaat|parodont|tandvleesontsteking|extractie|' +
    'decubitus|amputatie|allergie|anafylax|overgevoeligheid|infarct|insufficiëntie|syndroom|anemie|cariës|' +
    'revalidatie|ijzergebrek',
  '3p': 'tumor|hiv|migraine|astma|copd|eczeem|delier|delirant|obesitas|hematoom|bloeding|sepsis|' +
    'zwangerschap|mastectomie|hysterectomie|artroscopie|stent|bypass|valrisico|frozen shoulder|adhd|autisme|ptss|agorafobie|' +
    'hba1c|creatinine|ferritine|insuline',
  '3w': 'ziek|aids|tia|cva|inr|mrsa|cgt|emdr|mdo',
  '2i': 'behandeling|behandelplan|medicatie|medicijn|bloeddruk|bloedwaarde|bloedonderzoek|bloedverdunner|antistolling|trombosedienst|' +
    'operatie|geopereerd|ingreep|narcose|verdoving|röntgen|rontgen|echografie|endoscop|coloscop|biopsie|' +
    'symptom|polikliniek|huisarts|ziekenhuis|fysiotherap|ergotherap|logopedie|verpleeg|ggz|' +
    'bedrijfsarts|verzuim|infuus|injectie|ontsteking|ontstoken|infectie|' +
    'tandvlees|gebitsreiniging|kunstgebit|prothese|wondverzorging|wondzorg|wond|herbeleving|nachtmerrie|' +
    'antibiotica|pijnstiller|tabletten|voorgeschreven|voorschrijven|herhaalrecept|aangepast werk|kraamzorg|verloskundige',
  '2p': 'opname|uitslag|mri|ecg|crp|koorts|vaccinatie|ziekte|genezing|nazorg|nabloeding|hechting|spoedeisende|intensive care|chirurg|looptraining',
  '2w': 'ct|ecg|gips',
  '1w': 'kies|kiezen|recept|arts|artsen',
  '0p': 'receptie|wonder|desinfe|cooperati|coöperati',
  '1i': 'pijn|onderzoek|dokter|tandarts|patiënt|patient|cliënt|client|afspraak|klachten|specialist',
  '1p': 'knie|heup|schouder|buik|tand|gebit|nier|maag|darm|huid|ogen|controle|zorgverzekeraar',
};
