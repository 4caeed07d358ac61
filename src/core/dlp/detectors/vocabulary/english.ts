/** English clinical vocabulary: documents, diagnoses, dental, surgical, mental health, sickness absence. */
import type { VocabularyList } from './types.ts';

export const english: VocabularyList = {
  '3p': 'diagnos|discharge summary|referral letter|medical record|lab result|pathology|histopatholog|biopsy|prognosis|clinical finding|' +
    'carcinoma|cancer|tumour|tumor|metasta|chemotherapy|radiotherapy|oncolog|leukaemia|leukemia|lymphoma|melanoma|sarcoma|' +
    'psychiatr|psychosis|psychotic|schizophreni|bipolar|depression|depressive|anxiety|panic attack|obsessive|eating disorder|anorexia|bulimia|' +
    'self-harm|self harm|suicid|overdose|addiction|substance misuse|alcohol dependence|post-traumatic|personality disorder|' +
    'dementia|alzheimer|parkinson|epilep|multiple sclerosis|stroke|myocardial|heart attack|heart failure|atrial fibrillation|hypertension|' +
    'diabet|renal failure|kidney failure|dialysis|hepatitis|tuberculosis|cirrhosis|pancreatitis|pneumonia|pulmonary embolism|thrombosis|sepsis|' +
    'slipped disc|herniated disc|sciatica|hernia|fracture|arthritis|osteoporosis|scoliosis|meniscus|cruciate|acl reconstruction|hip replacement|knee replacement|' +
    'pregnan|miscarriage|termination of pregnancy|caesarean|hysterectomy|mastectomy|appendicectomy|cholecystectomy|' +
    'root canal|wisdom tooth|gum disease|periodont|abscess|dental implant|implant surgery|' +
    'pressure ulcer|amputation|allergy|allergic|anaphyla|intolerance|syndrome|anaemia|anemia|angina|nstemi|stemi|' +
    'sick leave|off sick|signed off|fit note|sick note|sickness absence|phased return|occupational health|safeguarding|' +
    'migraine|asthma|copd|eczema|psoriasis|delirium|obesity|haematoma|bleeding|' +
    'adhd|autism|ptsd|camhs|hba1c|creatinine|ferritin|insulin|warfarin|anticoagula|blood thinner',
  '3w': 'sick|aids|hiv|tia|cva|inr|mrsa|ocd|dvt|uti',
  '2p': 'treatment|medication|prescription|prescribed|blood pressure|blood test|blood count|glucose|surgery|surgical|therapy|radiolog|x-ray|' +
    'ct scan|ultrasound|endoscop|colonoscop|symptom|dosage|inpatient|outpatient|hospital|physician|physiotherap|rehab|' +
    'implant|molar|denture|orthodont|anaesthe|anesthe|sedation|infusion|injection|wound|infection|inflammation|ulcer|cyst|lesion|excision|' +
    'antibiotic|painkiller|inhaler|fitness for work|admission|discharged|clinic|extraction|extracted|test result|' +
    'range of motion|swelling|fever|epipen|care plan',
  '2w': 'mri|ecg|ekg|crp|egfr|gp|nocte|tds|qds|prn|oa',
  '0p': 'reception|cooperati|co-operati|disinfe|operations|operational',
  '1p': 'patient|doctor|nurse|pain|examination|follow-up|appointment|insurer|ward|knee|hip|shoulder|tooth|teeth|heart|kidney|liver|skin|recovery|injury|consultant|admitted|first aider',
};
