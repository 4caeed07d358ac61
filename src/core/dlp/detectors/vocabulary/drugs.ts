/**
 * Drug names after the WHO ATC index (international non-proprietary names, written as stems so
 * the German, Dutch and English endings all match: "metformin", "metformine") plus the few brand
 * names staff write instead (Marcumar, Sintrom). A named drug in a mail about a person is health data.
 */
import type { VocabularyList } from './types.ts';

export const drugs: VocabularyList = {
  '2p': 'metformin|glibenclamid|gliclazid|glimepirid|sitagliptin|empagliflozin|dapagliflozin|semaglutid|liraglutid|dulaglutid|' +
    'ramipril|enalapril|lisinopril|perindopril|candesartan|valsartan|losartan|irbesartan|amlodipin|nifedipin|bisoprolol|metoprolol|carvedilol|nebivolol|atenolol|propranolol|' +
    'torasemid|furosemid|hydrochlorothiazid|chlortalidon|spironolacton|eplerenon|digoxin|digitoxin|amiodaron|' +
    'atorvastatin|simvastatin|rosuvastatin|pravastatin|ezetimib|acetylsalicyl|clopidogrel|ticagrelor|prasugrel|' +
    'apixaban|rivaroxaban|edoxaban|dabigatran|phenprocoumon|marcumar|acenocoumarol|sintrom|heparin|enoxaparin|dalteparin|tinzaparin|clexane|fragmin|' +
    'levothyroxin|thyroxin|thiamazol|carbimazol|prednisolon|prednison|dexamethason|hydrocortison|methylprednisolon|' +
    'methotrexat|adalimumab|etanercept|infliximab|rituximab|tocilizumab|trastuzumab|pembrolizumab|nivolumab|bevacizumab|' +
    'tamoxifen|letrozol|anastrozol|exemestan|cisplatin|carboplatin|oxaliplatin|paclitaxel|docetaxel|doxorubicin|cyclophosphamid|capecitabin|fluorouracil|' +
    'omeprazol|pantoprazol|esomeprazol|lansoprazol|metamizol|novalgin|tramadol|tilidin|oxycodon|morphin|fentanyl|hydromorphon|buprenorphin|methadon|' +
    'pregabalin|gabapentin|amitriptylin|nortriptylin|sertralin|citalopram|escitalopram|fluoxetin|paroxetin|venlafaxin|duloxetin|mirtazapin|bupropion|agomelatin|' +
    'quetiapin|olanzapin|risperidon|aripiprazol|haloperidol|clozapin|lithium|lamotrigin|levetiracetam|valproat|valproinsäure|carbamazepin|oxcarbazepin|topiramat|' +
    'lorazepam|diazepam|oxazepam|alprazolam|temazepam|zolpidem|zopiclon|methylphenidat|ritalin|lisdexamfetamin|atomoxetin|donepezil|rivastigmin|memantin|levodopa|' +
    'salbutamol|budesonid|formoterol|salmeterol|tiotropium|fluticason|beclometason|montelukast|' +
    'amoxicillin|amoxicilline|ampicillin|penicillin|flucloxacillin|piperacillin|cefuroxim|ceftriaxon|cefalexin|cefazolin|' +
    'ciprofloxacin|levofloxacin|moxifloxacin|doxycyclin|clarithromycin|claritromycine|azithromycin|azitromycine|erythromycin|clindamycin|' +
    'metronidazol|nitrofurantoin|fosfomycin|cotrimoxazol|trimethoprim|co-amoxiclav|vancomycin|gentamicin|fluconazol|aciclovir|valaciclovir|oseltamivir|' +
    'allopurinol|febuxostat|colchicin|alendron|denosumab|tamsulosin|finasterid|sildenafil|estradiol|progesteron|levonorgestrel|desogestrel|' +
    'antidepress|neurolept|antipsychot|benzodiazepin|opioid|opiat|zytostat|cytostat|immunsuppress|betablocker|bètablokker|ace-hemmer|ace-remmer|' +
    'plaspil|statine|diuretik|diuretic|diuretisch|lidocain|articain|ultracain|midazolam|propofol|adrenalin|glucagon|atropin|naloxon|' +
    'ibuprofen|diclofenac|naproxen|paracetamol|aspirin|cetirizin|loratadin',
};
