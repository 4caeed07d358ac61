/**
 * Words that tell a person is named: salutations and titles, frequent given names in the
 * languages our customers' staff and patients write (German, Dutch, English, and the Turkish,
 * Arabic, Polish, South-Asian and other names common in those countries), and the words around a
 * name that say whose name it is (a patient's, an employee's, a speaker's, the sender's).
 * Kept compact on purpose: it ships in the browser bundle and the add-in.
 */
const list = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean).map((w) => w.toLowerCase()));

export const givenNames = list(`
anna maria marie sophie sofia emma mia hannah hanna lena lea leonie laura julia lisa sarah sara katharina christina kristina
claudia sabine petra monika ursula renate helga ingrid gisela erika karin birgit andrea susanne martina nicole stefanie
stephanie melanie sandra tanja anja katrin kathrin silke heike jana janina johanna charlotte clara klara paula luisa
louisa nina elena ella emilia amelie ida frieda greta helena lina marlene merle carla nele svenja franziska theresa
elisabeth margarete gertrud hildegard irmgard edith erna elfriede waltraud christa doris brigitte angelika gabriele
jutta elke anke inge ilse ute dagmar bettina carina corinna daniela simone kerstin manuela ramona yvonne annika
alexander andreas michael thomas stefan stephan christian markus marcus peter klaus hans jürgen juergen wolfgang
dieter uwe frank bernd holger ralf rolf horst günter gunter werner manfred helmut gerhard heinz karl kurt walter
wilhelm otto ernst friedrich fritz hermann heinrich josef joseph georg jan jonas lukas lucas leon luca finn felix
paul max maximilian moritz noah elias ben tim tom tobias florian sebastian philipp daniel david simon jakob jacob
niklas nils ole erik eric matthias martin mathias oliver patrick dominik fabian kevin dennis marcel marco mario
sven jens lars dirk olaf torsten thorsten volker norbert reinhard rainer detlef armin gerd hubert johann konrad
ludwig rudolf siegfried albert alfred anton bruno emil franz gustav hugo julius leopold oskar oscar robert theo
viktor vincent benedikt benjamin dario julian justus kai luis malte till timo henrik hendrik jannik jannis marvin
joost daan bram sem lars thijs ruben jesse luuk milan stijn tijn gijs teun pieter piet kees henk gerrit wim willem
jeroen bas sander joris koen maarten martijn niels rik roel sjoerd wouter jasper job jurre mees siem sven tygo
hennie hendrikus johannes cornelis jacobus gerardus adrianus petrus theodorus arie dirk ferry frits geert gijsbert
hans harm herman ivo jaap jelle joep joop kim klaas leo marc mark mats rob rutger ruud stefan teun ton twan
sanne anouk lotte fleur femke iris isa julia lieke lisa lisanne marloes mirjam monique nienke noor roos sophie
anneke annemarie astrid bianca carolien chantal daphne esther eva evelien floor ilse ineke ingrid janneke jolanda
joyce karin kirsten linda lotte maaike marieke marjolein mariska marleen mieke miriam nathalie petra renske ria
saskia simone suzanne tessa wendy wilma yvonne anouk hanneke femke esra fenna jet lieve liv yara zoë zoe
james john robert william richard charles joseph thomas christopher matthew anthony mark donald steven paul andrew
joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen
larry justin scott brandon benjamin samuel gregory alexander patrick frank raymond jack dennis jerry tyler aaron
henry douglas peter adam nathan zachary kyle walter harold carl arthur gerald roger keith jeremy terry lawrence sean
christian albert joe ethan austin jesse willie billy bryan bruce jordan ralph roy noah dylan eugene wayne alan juan
louis russell gabriel randy philip harry vincent bobby johnny logan oliver jake liam charlie alfie freddie archie
leo oscar teddy finley reggie rory gareth rhys owen dylan callum connor declan ciaran niall seamus
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra ashley
kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen amy
shirley angela helen anna brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn janet
ruth maria heather diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl
andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice madison doris abigail julia
judy grace denise amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella charlotte rose
alexis kayla amelia isla ava poppy lily freya chloe ellie evie florence daisy phoebe sienna imogen harriet molly
eleanor gemma kirsty siobhan niamh aoife ciara bethan carys cerys rhiannon sian megan debbie jo karen
mehmet mustafa ahmet ali hasan hüseyin huseyin ibrahim ismail osman yusuf murat emre burak can cem deniz kemal
ayşe ayse fatma emine hatice zeynep elif merve esra büşra busra derya özlem ozlem aylin selin yasemin sevgi gül
mohammed muhammad mohamed ahmed ahmad mahmoud omar hamza karim youssef yusuf khalid rachid rashid said samir tarik
fatima fatiha khadija aisha aicha amina nadia leila layla yasmin samira salma nour noura hana rania zainab
piotr pawel paweł tomasz krzysztof andrzej marek jacek grzegorz michał michal łukasz lukasz dariusz wojciech
agnieszka katarzyna małgorzata malgorzata joanna magdalena ewa barbara dorota beata aleksandra marta natalia
dmitri sergei sergey ivan igor oleg vladimir olga svetlana tatjana tatiana irina natascha natasha galina
priya anil raj rajesh sanjay sunil vijay amit arjun ravi deepak nisha pooja anjali sunita kavita lakshmi
adaeze chinedu chioma emeka ngozi oluwaseun olumide kwame kofi ama abena amara daniel samuel
mohammad reza hossein mehdi ali-reza fariba maryam shirin parisa
giovanni giuseppe luca marco francesco alessandro matteo andrea giulia francesca chiara federica valentina
carlos jose josé luis javier miguel antonio manuel pedro juan pablo diego lucia maria carmen isabel ana
`);

/** Before a name: "Frau Petersen", "dhr. P. Visser", "Mrs Whitfield". */
export const salutation =
  '(?:Frau|Herrn?|Hr\\.|Fr\\.|Mevrouw|mevrouw|Mevr\\.|mevr\\.|Mw\\.|mw\\.|Mej\\.|Dhr\\.|dhr\\.|[Dd]e heer|[Mm]eneer|Mr\\.?|Mrs\\.?|Ms\\.?|Miss|Mx\\.?)';

/** Academic and professional titles: a titled name is a colleague or a speaker, not a data subject. */
export const professionalTitle = /(?:\b(?:Dr|dr|Prof|prof|PD|Dipl|drs|mr|ir|ing|Dott)\.?(?:[ -]?med\.?(?: dent\.?)?)?|\b(?:Doktor|Professor|dokter|Dokter|Pfarrer|Pastor|Sister|Nurse)\b)\s*$/u;

/** Words after a salutation that are not a name ("Frau Kollegin", "Herr Kollege"). */
export const notNames = list(`
kollegin kollege kolleginnen kollegen doktor dr prof professor präsident präsidentin vorsitzende vorsitzender direktor
direktorin ministerin minister bürgermeister bürgermeisterin pfarrer pfarrerin pastor collega voorzitter directeur
dokter burgemeester chairman president speaker secretary sir madam damen herren heer mevrouw team praxis klinik
station ward hospital ziekenhuis kliniek surgery practice office service services gmbh ltd bv kg ag ev
`);

/** Before a name: whose name it is (a patient, resident, client, employee, relative). */
export const subjectContext = new RegExp(
  '(?<![\\p{L}])(?:patient(?:in)?|pat\\.|patiënte?|patiente?|bewohner(?:in)?|klient(?:in)?|cliënte?|client|mitarbeiter(?:in)?|employee|medewerker|werknemer|' +
    'resident|versicherte[rn]?|betreft|betrifft|re|name|naam|meine[rnm]? (?:mutter|vater|sohn|tochter|frau|mann)|mijn (?:zoon|dochter|vader|moeder|man|vrouw)|' +
    'my (?:son|daughter|mother|father|wife|husband)|unsere[rnm]? (?:bewohnerin|patientin|mitarbeiterin)|ihre[rnm]? (?:patientin|mitarbeiterin)|' +
    'ihren patienten|your patient|uw patiënte?|new starter|nieuwe medewerker|neue[rn]? mitarbeiter(?:in)?)\\s*[:,]?\\s*$',
  'iu',
);

/** Before a name: a speaker, a contact person, someone welcomed in a newsletter (not a data subject). */
export const publicRoleContext = new RegExp(
  '(?<![\\p{L}])(?:ansprechpartner(?:in)?|kontakt|contact(?:persoon)?|enquiries(?: to)?|informatie|meer informatie|referent(?:in)?|sprecher(?:in)?|spreker|vortrag|' +
    'moderation|welcome(?: to)?|willkommen|begrüßen|verstärkt|vorstellen|bewerbungen an|opgave bij|aanmelden bij|organisiert|wenden sie sich an|' +
    'fragen an|inhaber(?:in)?|geschäftsführer(?:in)?|managing director|director|leitung|vorstand|congratulations to)(?:\\s+[\\p{L}.-]+){0,3}\\s*[:,]?\\s*$',
  'iu',
);

/** After a name: a job title says it is a colleague or a contact ("Claudia Becker, Pflegedirektion"). */
export const roleAfter = /^\s*[,(–-]\s*(?:(?:[\p{L}-]+\s+){0,3}[\p{L}-]*(?:pfleger|pflegerin|verpleegkundige|nurse|kollegin|kollege|collega|leitung|leiter|leiterin|direktion|manager|managerin|beauftragte|ärztin|arzt|therapeutin|psychologin|assistent|assistente|sekretariat|teamleider|praktijkmanager|huisarts|apotheker|physiotherapist|pharmacist|consultant|director|coordinator|officer|lead|zfa|dsl|gp|hr)\b)/iu;

/** Lines that close a letter: names after them are the sender's, not a data subject's. */
export const closingLine =
  /^\s*(?:mit (?:freundlichen|kollegialen|besten) grüßen|mit freundlichem gruß|freundliche grüße|viele grüße|beste grüße|liebe grüße|herzliche grüße|grüße|gruß|lg|servus|met (?:vriendelijke|collegiale|hartelijke) groet(?:en)?|vriendelijke groet(?:en)?|hartelijke groet(?:en)?|groet(?:jes|en)?|kind regards|best regards|warm regards|regards|best wishes|many thanks|thanks|thank you|cheers|yours sincerely|yours faithfully|best|bedankt|dank je(?: wel)?|danke(?: und [^\n]*)?|alvast bedankt|met dank)\b[^\n]{0,40}$/imu;
