/*
 * bench/gen: writes a synthetic coopgraph dataset of a given number of agreements.
 *
 *   gen [--data DIR] [--seed N] [--per-file N] AGREEMENTS OUTDIR
 *
 * DIR holds iso3166-1.tsv and iso3166-2.tsv (the repository's data/ directory, the default). The
 * output is deterministic: the same AGREEMENTS, seed and tables give byte-identical files, on any
 * machine, because every entity draws from its own random stream (seed, kind of entity, index) and
 * nothing depends on the clock, the locale or the order of hash tables.
 *
 * The shape of the data (see bench/README.md for the ratios and why): top-level institutions in all
 * 200 countries that have ISO 3166-2 subdivisions, with units; people with roles; funding agencies
 * and their programmes; agreements of every kind with 2 to 5 parties; the press releases and news
 * articles that state them. Files refer to each other by ID (institutions-*.xml, people-*.xml,
 * funders.xml, sources.xml, agreements-*.xml), and every file validates against
 * schemas/coopgraph-1.xsd; the whole set passes `coopgraph validate --strict`.
 *
 * Names, titles and goals come in twelve languages with their diacritics (names of institutions are
 * made from templates and real city names); IDs, URLs (under example.org/example.com) and people
 * are made up.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GEN_VERSION "1"

/* ---- random numbers: one splitmix64 stream per entity ---- */

typedef struct {
	uint64_t s;
} rng;

enum { STREAM_INST = 1, STREAM_UNIT, STREAM_PERSON, STREAM_FUNDER, STREAM_AGREEMENT, STREAM_COUNTRY };

static uint64_t g_seed = 20250101;

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static rng rng_for(unsigned stream, uint64_t index)
{
	rng r = {mix64(g_seed ^ ((uint64_t)stream << 56) ^ mix64(index + 1))};
	return r;
}

static uint64_t next64(rng *r)
{
	r->s += UINT64_C(0x9E3779B97F4A7C15);
	return mix64(r->s);
}

/* Uniform in [0, n); n > 0. The modulo bias is far below anything a benchmark can notice. */
static uint32_t below(rng *r, uint32_t n)
{
	return (uint32_t)(next64(r) % n);
}

static double unit_interval(rng *r)
{
	return (double)(next64(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int percent(rng *r, unsigned p)
{
	return below(r, 100) < p;
}

/* Index into weights[0..n) with probability proportional to the weight. */
static unsigned weighted(rng *r, const unsigned *weights, unsigned n)
{
	unsigned total = 0;
	for (unsigned i = 0; i < n; i++)
		total += weights[i];
	unsigned x = below(r, total);
	for (unsigned i = 0; i < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

/* ---- small helpers ---- */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("gen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

typedef struct {
	uint32_t *items;
	uint32_t count, cap;
} u32list;

static void u32_push(u32list *l, uint32_t v)
{
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->items = xrealloc(l->items, l->cap * sizeof *l->items);
	}
	l->items[l->count++] = v;
}

/* ---- languages and the texts in them ---- */

enum { L_EN, L_DE, L_FR, L_ES, L_IT, L_PT, L_PL, L_NL, L_SV, L_CS, L_TR, L_AZ, NLANG };
static const char *const lang_tag[NLANG] = {"en", "de", "fr", "es", "it", "pt", "pl", "nl", "sv", "cs", "tr", "az"};

/* Templates: {C} city, {S} subject, {F} family name, {K} kind of agreement, {A} {B} parties. */

enum { K_UNIV, K_TECH, K_UHOSP, K_HOSP, K_RES, K_COMPANY, K_GOV, K_OTHER, K_FUNDER, TOP_KINDS };
static const char *const top_kind_token[TOP_KINDS] = {
	"university", "university", "university-hospital", "hospital", "research-institute",
	"company", "government", "other", "funding-agency"};
static const char *const top_tpl[TOP_KINDS][NLANG] = {
	{"University of {C}", "Universität {C}", "Université de {C}", "Universidad de {C}", "Università di {C}",
	 "Universidade de {C}", "Uniwersytet {C}", "Universiteit {C}", "{C} universitet", "Univerzita {C}",
	 "{C} Üniversitesi", "{C} Dövlət Universiteti"},
	{"{C} University of Technology", "Technische Universität {C}", "Université de technologie de {C}",
	 "Universidad Politécnica de {C}", "Politecnico di {C}", "Universidade Técnica de {C}", "Politechnika {C}",
	 "Technische Universiteit {C}", "Tekniska högskolan i {C}", "Vysoké učení technické {C}",
	 "{C} Teknik Üniversitesi", "{C} Texniki Universiteti"},
	{"{C} University Hospital", "Universitätsklinikum {C}", "Centre hospitalier universitaire de {C}",
	 "Hospital Universitario de {C}", "Azienda Ospedaliero-Universitaria di {C}", "Hospital Universitário de {C}",
	 "Szpital Uniwersytecki {C}", "Universitair Medisch Centrum {C}", "Universitetssjukhuset i {C}",
	 "Fakultní nemocnice {C}", "{C} Üniversite Hastanesi", "{C} Universitet Xəstəxanası"},
	{"{C} General Hospital", "Klinikum {C}", "Hôpital de {C}", "Hospital General de {C}", "Ospedale di {C}",
	 "Hospital de {C}", "Szpital Miejski {C}", "Ziekenhuis {C}", "{C} sjukhus", "Nemocnice {C}",
	 "{C} Devlet Hastanesi", "{C} Şəhər Xəstəxanası"},
	{"{C} Research Centre for {S}", "Forschungszentrum für {S} {C}", "Centre de recherche en {S} de {C}",
	 "Centro de Investigación en {S} de {C}", "Centro di ricerca per {S} di {C}",
	 "Centro de Investigação em {S} de {C}", "Centrum Badawcze {S} w {C}", "Onderzoekscentrum voor {S} {C}",
	 "Forskningscentrum för {S} i {C}", "Výzkumné centrum {S} {C}", "{C} {S} Araştırma Merkezi",
	 "{C} {S} Tədqiqat Mərkəzi"},
	{"{F} & Partners Ltd", "{F} & Partner GmbH", "{F} et Associés SA", "{F} y Asociados S.L.",
	 "{F} & Associati S.r.l.", "{F} & Associados Lda.", "{F} i Wspólnicy sp. z o.o.", "{F} & Partners B.V.",
	 "{F} & Partners AB", "{F} a partneři s.r.o.", "{F} Ortakları A.Ş.", "{F} və Tərəfdaşları MMC"},
	{"{C} Public Health Office", "Gesundheitsamt {C}", "Agence régionale de santé de {C}",
	 "Consejería de Salud de {C}", "Azienda sanitaria di {C}", "Secretaria de Saúde de {C}", "Urząd Zdrowia {C}",
	 "GGD {C}", "Folkhälsomyndigheten i {C}", "Krajská hygienická stanice {C}", "{C} İl Sağlık Müdürlüğü",
	 "{C} Səhiyyə İdarəsi"},
	{"{F} Foundation", "{F}-Stiftung", "Fondation {F}", "Fundación {F}", "Fondazione {F}", "Fundação {F}",
	 "Fundacja {F}", "Stichting {F}", "Stiftelsen {F}", "Nadace {F}", "{F} Vakfı", "{F} Fondu"},
	{"{C} Research Funding Agency", "Forschungsförderung {C}", "Agence de financement de la recherche de {C}",
	 "Agencia de Financiación de la Investigación de {C}", "Agenzia per il finanziamento della ricerca di {C}",
	 "Agência de Fomento à Pesquisa de {C}", "Agencja Finansowania Badań {C}",
	 "Fonds voor Wetenschappelijk Onderzoek {C}", "Forskningsrådet i {C}", "Grantová agentura {C}",
	 "{C} Araştırma Fonu", "{C} Elm Fondu"},
};

enum { U_CLINIC, U_DEPT, U_FACULTY, U_INSTITUTE, UNIT_KINDS };
static const char *const unit_kind_token[UNIT_KINDS] = {"clinic", "department", "faculty", "institute"};
static const char *const unit_tpl[UNIT_KINDS][NLANG] = {
	{"Department of {S}", "Klinik für {S}", "Service de {S}", "Servicio de {S}", "Unità di {S}", "Serviço de {S}",
	 "Klinika {S}", "Afdeling {S}", "Klinik för {S}", "Klinika {S}", "{S} Kliniği", "{S} klinikası"},
	{"Division of {S}", "Abteilung für {S}", "Département de {S}", "Departamento de {S}", "Dipartimento di {S}",
	 "Departamento de {S}", "Zakład {S}", "Vakgroep {S}", "Avdelningen för {S}", "Oddělení {S}", "{S} Bölümü",
	 "{S} şöbəsi"},
	{"Faculty of {S}", "Fakultät für {S}", "Faculté de {S}", "Facultad de {S}", "Facoltà di {S}", "Faculdade de {S}",
	 "Wydział {S}", "Faculteit {S}", "Fakulteten för {S}", "Fakulta {S}", "{S} Fakültesi", "{S} fakültəsi"},
	{"Institute of {S}", "Institut für {S}", "Institut de {S}", "Instituto de {S}", "Istituto di {S}",
	 "Instituto de {S}", "Instytut {S}", "Instituut voor {S}", "Institutet för {S}", "Ústav {S}",
	 "{S} Enstitüsü", "{S} İnstitutu"},
};

#define NSUBJ 16
static const char *const subject[NLANG][NSUBJ] = {
	{"Cardiology", "Neurology", "Oncology", "Surgery", "Psychiatry", "Paediatrics", "Radiology",
	 "Infectious Diseases", "Computer Science", "Chemistry", "Physics", "Mathematics", "Economics",
	 "Materials Science", "Public Health", "Biotechnology"},
	{"Kardiologie", "Neurologie", "Onkologie", "Chirurgie", "Psychiatrie", "Kinderheilkunde", "Radiologie",
	 "Infektiologie", "Informatik", "Chemie", "Physik", "Mathematik", "Wirtschaftswissenschaften",
	 "Werkstoffwissenschaften", "Öffentliche Gesundheit", "Biotechnologie"},
	{"Cardiologie", "Neurologie", "Oncologie", "Chirurgie", "Psychiatrie", "Pédiatrie", "Radiologie",
	 "Maladies infectieuses", "Informatique", "Chimie", "Physique", "Mathématiques", "Économie",
	 "Science des matériaux", "Santé publique", "Biotechnologie"},
	{"Cardiología", "Neurología", "Oncología", "Cirugía", "Psiquiatría", "Pediatría", "Radiología",
	 "Enfermedades infecciosas", "Informática", "Química", "Física", "Matemáticas", "Economía",
	 "Ciencia de materiales", "Salud pública", "Biotecnología"},
	{"Cardiologia", "Neurologia", "Oncologia", "Chirurgia", "Psichiatria", "Pediatria", "Radiologia",
	 "Malattie infettive", "Informatica", "Chimica", "Fisica", "Matematica", "Economia", "Scienza dei materiali",
	 "Sanità pubblica", "Biotecnologie"},
	{"Cardiologia", "Neurologia", "Oncologia", "Cirurgia", "Psiquiatria", "Pediatria", "Radiologia",
	 "Doenças infecciosas", "Informática", "Química", "Física", "Matemática", "Economia",
	 "Ciência dos materiais", "Saúde pública", "Biotecnologia"},
	{"Kardiologia", "Neurologia", "Onkologia", "Chirurgia", "Psychiatria", "Pediatria", "Radiologia",
	 "Choroby zakaźne", "Informatyka", "Chemia", "Fizyka", "Matematyka", "Ekonomia", "Inżynieria materiałowa",
	 "Zdrowie publiczne", "Biotechnologia"},
	{"Cardiologie", "Neurologie", "Oncologie", "Chirurgie", "Psychiatrie", "Kindergeneeskunde", "Radiologie",
	 "Infectieziekten", "Informatica", "Scheikunde", "Natuurkunde", "Wiskunde", "Economie", "Materiaalkunde",
	 "Volksgezondheid", "Biotechnologie"},
	{"Kardiologi", "Neurologi", "Onkologi", "Kirurgi", "Psykiatri", "Pediatrik", "Radiologi",
	 "Infektionssjukdomar", "Datavetenskap", "Kemi", "Fysik", "Matematik", "Nationalekonomi",
	 "Materialvetenskap", "Folkhälsa", "Bioteknik"},
	{"Kardiologie", "Neurologie", "Onkologie", "Chirurgie", "Psychiatrie", "Pediatrie", "Radiologie",
	 "Infekční nemoci", "Informatika", "Chemie", "Fyzika", "Matematika", "Ekonomie", "Materiálové vědy",
	 "Veřejné zdraví", "Biotechnologie"},
	{"Kardiyoloji", "Nöroloji", "Onkoloji", "Cerrahi", "Psikiyatri", "Pediatri", "Radyoloji",
	 "Enfeksiyon Hastalıkları", "Bilgisayar Bilimi", "Kimya", "Fizik", "Matematik", "İktisat",
	 "Malzeme Bilimi", "Halk Sağlığı", "Biyoteknoloji"},
	{"Kardiologiya", "Nevrologiya", "Onkologiya", "Cərrahiyyə", "Psixiatriya", "Pediatriya", "Radiologiya",
	 "İnfeksion xəstəliklər", "Kompüter elmləri", "Kimya", "Fizika", "Riyaziyyat", "İqtisadiyyat",
	 "Material elmi", "İctimai səhiyyə", "Biotexnologiya"},
};

enum { A_COOP, A_STRAT, A_LOI, A_MOU, A_CONTRACT, A_FUNDED, AGR_KINDS };
static const char *const agr_kind_token[AGR_KINDS] = {
	"cooperation", "strategic-partnership", "letter-of-intent", "memorandum-of-understanding", "contract",
	"funded-project"};
static const unsigned agr_kind_weight[AGR_KINDS] = {30, 10, 12, 18, 10, 20};
static const char *const agr_kind_name[NLANG][AGR_KINDS] = {
	{"Cooperation agreement", "Strategic partnership", "Letter of intent", "Memorandum of understanding",
	 "Contract", "Joint project"},
	{"Kooperationsvereinbarung", "Strategische Partnerschaft", "Absichtserklärung", "Memorandum of Understanding",
	 "Vertrag", "Verbundprojekt"},
	{"Accord de coopération", "Partenariat stratégique", "Lettre d'intention", "Protocole d'accord", "Contrat",
	 "Projet commun"},
	{"Acuerdo de cooperación", "Alianza estratégica", "Carta de intención", "Memorando de entendimiento",
	 "Contrato", "Proyecto conjunto"},
	{"Accordo di cooperazione", "Partenariato strategico", "Lettera d'intenti", "Memorandum d'intesa",
	 "Contratto", "Progetto congiunto"},
	{"Acordo de cooperação", "Parceria estratégica", "Carta de intenções", "Memorando de entendimento",
	 "Contrato", "Projeto conjunto"},
	{"Umowa o współpracy", "Partnerstwo strategiczne", "List intencyjny", "Memorandum o porozumieniu", "Umowa",
	 "Projekt wspólny"},
	{"Samenwerkingsovereenkomst", "Strategisch partnerschap", "Intentieverklaring",
	 "Memorandum van overeenstemming", "Contract", "Gezamenlijk project"},
	{"Samarbetsavtal", "Strategiskt partnerskap", "Avsiktsförklaring", "Samförståndsavtal", "Kontrakt",
	 "Gemensamt projekt"},
	{"Dohoda o spolupráci", "Strategické partnerství", "Prohlášení o záměru", "Memorandum o porozumění",
	 "Smlouva", "Společný projekt"},
	{"İşbirliği anlaşması", "Stratejik ortaklık", "Niyet mektubu", "Mutabakat zaptı", "Sözleşme", "Ortak proje"},
	{"Əməkdaşlıq sazişi", "Strateji tərəfdaşlıq", "Niyyət məktubu", "Anlaşma memorandumu", "Müqavilə",
	 "Birgə layihə"},
};
static const char *const agr_title_tpl[NLANG] = {
	"{K} between {A} and {B}", "{K} zwischen {A} und {B}", "{K} entre {A} et {B}", "{K} entre {A} y {B}",
	"{K} tra {A} e {B}", "{K} entre {A} e {B}", "{K}: {A} i {B}", "{K} tussen {A} en {B}",
	"{K} mellan {A} och {B}", "{K}: {A} a {B}", "{A} ile {B} arasında {K}", "{A} və {B} arasında {K}"};
static const char *const press_title_tpl[NLANG] = {
	"{A} and {B} agree on closer cooperation", "{A} und {B} vereinbaren engere Zusammenarbeit",
	"{A} et {B} renforcent leur coopération", "{A} y {B} refuerzan su cooperación",
	"{A} e {B} rafforzano la collaborazione", "{A} e {B} reforçam a cooperação", "{A} i {B} zacieśniają współpracę",
	"{A} en {B} versterken hun samenwerking", "{A} och {B} fördjupar sitt samarbete",
	"{A} a {B} prohlubují spolupráci", "{A} ile {B} işbirliğini güçlendiriyor", "{A} və {B} əməkdaşlığı gücləndirir"};
static const char *const photo_word[NLANG] = {"Photo", "Foto", "Photo :", "Foto:", "Foto:", "Foto:", "Fot.",
                                              "Foto:", "Foto:", "Foto:", "Fotoğraf:", "Foto:"};
static const char *const programme_tpl[NLANG] = {
	"International Partnerships in {S}", "Internationale Partnerschaften in {S}",
	"Partenariats internationaux en {S}", "Asociaciones internacionales en {S}",
	"Partenariati internazionali in {S}", "Parcerias internacionais em {S}", "Partnerstwa międzynarodowe: {S}",
	"Internationale partnerschappen {S}", "Internationella partnerskap inom {S}", "Mezinárodní partnerství: {S}",
	"{S} alanında uluslararası ortaklıklar", "{S} üzrə beynəlxalq tərəfdaşlıqlar"};

#define NGOAL 6
static const char *const goal[NLANG][NGOAL] = {
	{"Joint research", "Exchange of students and staff", "Joint training programmes",
	 "Knowledge transfer in hospital management", "Development of joint degree programmes",
	 "Joint applications for third-party funding"},
	{"Gemeinsame Forschung", "Austausch von Studierenden und Personal", "Gemeinsame Weiterbildungsprogramme",
	 "Wissenstransfer im Krankenhausmanagement", "Entwicklung gemeinsamer Studiengänge",
	 "Gemeinsame Drittmittelanträge"},
	{"Recherche commune", "Échange d'étudiants et de personnel", "Programmes de formation communs",
	 "Transfert de connaissances en gestion hospitalière", "Développement de diplômes conjoints",
	 "Demandes conjointes de financement"},
	{"Investigación conjunta", "Intercambio de estudiantes y personal", "Programas de formación conjuntos",
	 "Transferencia de conocimientos en gestión hospitalaria", "Desarrollo de titulaciones conjuntas",
	 "Solicitudes conjuntas de financiación"},
	{"Ricerca congiunta", "Scambio di studenti e personale", "Programmi di formazione congiunti",
	 "Trasferimento di conoscenze nella gestione ospedaliera", "Sviluppo di corsi di laurea congiunti",
	 "Domande congiunte di finanziamento"},
	{"Investigação conjunta", "Intercâmbio de estudantes e pessoal", "Programas de formação conjuntos",
	 "Transferência de conhecimento na gestão hospitalar", "Desenvolvimento de cursos conjuntos",
	 "Candidaturas conjuntas a financiamento"},
	{"Wspólne badania", "Wymiana studentów i pracowników", "Wspólne programy szkoleniowe",
	 "Transfer wiedzy w zarządzaniu szpitalem", "Tworzenie wspólnych kierunków studiów",
	 "Wspólne wnioski o finansowanie"},
	{"Gezamenlijk onderzoek", "Uitwisseling van studenten en personeel", "Gezamenlijke opleidingsprogramma's",
	 "Kennisoverdracht in ziekenhuismanagement", "Ontwikkeling van gezamenlijke opleidingen",
	 "Gezamenlijke subsidieaanvragen"},
	{"Gemensam forskning", "Utbyte av studenter och personal", "Gemensamma utbildningsprogram",
	 "Kunskapsöverföring inom sjukhusledning", "Utveckling av gemensamma examina",
	 "Gemensamma ansökningar om finansiering"},
	{"Společný výzkum", "Výměna studentů a zaměstnanců", "Společné vzdělávací programy",
	 "Přenos znalostí v řízení nemocnic", "Vývoj společných studijních programů",
	 "Společné žádosti o financování"},
	{"Ortak araştırma", "Öğrenci ve personel değişimi", "Ortak eğitim programları",
	 "Hastane yönetiminde bilgi aktarımı", "Ortak lisans programlarının geliştirilmesi",
	 "Ortak fon başvuruları"},
	{"Birgə tədqiqat", "Tələbə və əməkdaş mübadiləsi", "Birgə təlim proqramları",
	 "Xəstəxana idarəçiliyində bilik transferi", "Birgə təhsil proqramlarının hazırlanması",
	 "Maliyyələşmə üçün birgə müraciətlər"},
};

#define NACT 4
static const char *const activity[NLANG][NACT] = {
	{"Joint workshops", "Summer schools", "Clinical visits", "Guest lectures"},
	{"Gemeinsame Workshops", "Sommerschulen", "Hospitationen", "Gastvorträge"},
	{"Ateliers communs", "Écoles d'été", "Visites cliniques", "Conférences invitées"},
	{"Talleres conjuntos", "Escuelas de verano", "Visitas clínicas", "Conferencias invitadas"},
	{"Workshop congiunti", "Scuole estive", "Visite cliniche", "Seminari di docenti ospiti"},
	{"Oficinas conjuntas", "Escolas de verão", "Visitas clínicas", "Palestras convidadas"},
	{"Wspólne warsztaty", "Szkoły letnie", "Wizyty kliniczne", "Wykłady gościnne"},
	{"Gezamenlijke workshops", "Zomerscholen", "Klinische bezoeken", "Gastcolleges"},
	{"Gemensamma workshoppar", "Sommarskolor", "Kliniska besök", "Gästföreläsningar"},
	{"Společné workshopy", "Letní školy", "Klinické stáže", "Hostující přednášky"},
	{"Ortak çalıştaylar", "Yaz okulları", "Klinik ziyaretler", "Misafir dersler"},
	{"Birgə seminarlar", "Yay məktəbləri", "Klinik səfərlər", "Qonaq mühazirələri"},
};

#define NOUT 3
static const char *const outcome[NLANG][NOUT] = {
	{"Joint publications", "A joint degree programme", "New clinical guidelines"},
	{"Gemeinsame Publikationen", "Ein gemeinsamer Studiengang", "Neue klinische Leitlinien"},
	{"Publications communes", "Un diplôme conjoint", "De nouvelles recommandations cliniques"},
	{"Publicaciones conjuntas", "Una titulación conjunta", "Nuevas guías clínicas"},
	{"Pubblicazioni congiunte", "Un corso di laurea congiunto", "Nuove linee guida cliniche"},
	{"Publicações conjuntas", "Um curso conjunto", "Novas diretrizes clínicas"},
	{"Wspólne publikacje", "Wspólny kierunek studiów", "Nowe wytyczne kliniczne"},
	{"Gezamenlijke publicaties", "Een gezamenlijke opleiding", "Nieuwe klinische richtlijnen"},
	{"Gemensamma publikationer", "Ett gemensamt utbildningsprogram", "Nya kliniska riktlinjer"},
	{"Společné publikace", "Společný studijní program", "Nové klinické směrnice"},
	{"Ortak yayınlar", "Ortak bir lisans programı", "Yeni klinik kılavuzlar"},
	{"Birgə nəşrlər", "Birgə təhsil proqramı", "Yeni klinik təlimatlar"},
};

/* Roles 0, 1, 4 are held at a top-level institution, 2, 3, 5 at a unit. */
#define NROLE 6
static const char *const role_name[NLANG][NROLE] = {
	{"President", "Vice President for International Affairs", "Dean", "Medical Director",
	 "Head of the International Office", "Professor"},
	{"Präsident", "Vizepräsidentin für Internationales", "Dekan", "Ärztlicher Direktor",
	 "Leiterin des International Office", "Professorin"},
	{"Président", "Vice-présidente chargée des relations internationales", "Doyen", "Directeur médical",
	 "Responsable du bureau international", "Professeure"},
	{"Rector", "Vicerrectora de Relaciones Internacionales", "Decano", "Director médico",
	 "Jefa de la Oficina Internacional", "Catedrática"},
	{"Rettore", "Prorettrice alle relazioni internazionali", "Preside", "Direttore sanitario",
	 "Responsabile dell'ufficio internazionale", "Professoressa"},
	{"Reitor", "Vice-reitora para as relações internacionais", "Diretor da faculdade", "Diretor clínico",
	 "Chefe do gabinete internacional", "Professora catedrática"},
	{"Rektor", "Prorektor ds. współpracy międzynarodowej", "Dziekan", "Dyrektor medyczny",
	 "Kierownik Biura Współpracy Międzynarodowej", "Profesor"},
	{"Rector magnificus", "Vicedecaan internationalisering", "Decaan", "Medisch directeur",
	 "Hoofd International Office", "Hoogleraar"},
	{"Rektor", "Prorektor för internationella frågor", "Dekan", "Sjukhusdirektör",
	 "Chef för internationella kansliet", "Professor"},
	{"Rektor", "Prorektorka pro zahraniční vztahy", "Děkan", "Lékařský ředitel", "Vedoucí zahraničního oddělení",
	 "Profesorka"},
	{"Rektör", "Uluslararası İlişkilerden Sorumlu Rektör Yardımcısı", "Dekan", "Başhekim",
	 "Uluslararası Ofis Müdürü", "Profesör"},
	{"Rektor", "Beynəlxalq əlaqələr üzrə prorektor", "Dekan", "Baş həkim",
	 "Beynəlxalq əlaqələr şöbəsinin müdiri", "Professor"},
};

#define NNAME 8
static const char *const given_name[NLANG][NNAME] = {
	{"James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Sarah"},
	{"Jürgen", "Anna-Lena", "Björn", "Käthe", "Jörg", "Sophie", "Maximilian", "Hannelore"},
	{"François", "Hélène", "Jérôme", "Amélie", "Noël", "Françoise", "Benoît", "Clémence"},
	{"José", "María", "Íñigo", "Lucía", "Jesús", "Begoña", "Martín", "Inés"},
	{"Niccolò", "Giulia", "Lorenzo", "Chiara", "Andrea", "Francesca", "Gianluca", "Elisabetta"},
	{"João", "Conceição", "Gonçalo", "Inês", "Sebastião", "Leonor", "António", "Mónica"},
	{"Łukasz", "Małgorzata", "Paweł", "Zofia", "Wojciech", "Agnieszka", "Michał", "Katarzyna"},
	{"Sjoerd", "Anouk", "Maarten", "Fenna", "Joris", "Eline", "Bram", "Saskia"},
	{"Åsa", "Björn", "Märta", "Gösta", "Linnéa", "Örjan", "Ingrid", "Håkan"},
	{"Jiří", "Žaneta", "Tomáš", "Markéta", "Vojtěch", "Kateřina", "Lukáš", "Šárka"},
	{"Şükrü", "Ayşe", "Mehmet", "Gülşen", "Oğuz", "Özlem", "İsmail", "Çiğdem"},
	{"Əli", "Aygün", "Rəşad", "Günel", "Elçin", "Nərmin", "Tural", "Səbinə"},
};
static const char *const family_name[NLANG][NNAME] = {
	{"Smith", "Johnson", "Williams", "Brown", "O'Connor", "Taylor", "Davies", "Evans"},
	{"Müller", "Schäfer", "Weiß", "Groß", "Köhler", "Schröder", "Meißner", "Hoffmann"},
	{"Lefèvre", "Dubois", "Moreau", "Girard", "Bérenger", "Lemaître", "Fournier", "Rousseau"},
	{"Núñez", "García", "Fernández", "Muñoz", "Peña", "Gómez", "Sánchez", "Ibáñez"},
	{"Rossi", "Bianchi", "Esposito", "Colombo", "Ricci", "De Luca", "Mancini", "Lo Russo"},
	{"Gonçalves", "Pereira", "Magalhães", "Simões", "Araújo", "Assunção", "Brandão", "Conceição"},
	{"Wójcik", "Kowalczyk", "Lewandowski", "Dąbrowska", "Zieliński", "Szymańska", "Woźniak", "Kamińska"},
	{"de Vries", "van den Berg", "Jansen", "Bakker", "van Dijk", "Visser", "Smit", "Meijer"},
	{"Söderström", "Åkesson", "Lindqvist", "Öberg", "Nyström", "Bergström", "Ekström", "Håkansson"},
	{"Dvořák", "Novák", "Černý", "Procházková", "Kučera", "Veselá", "Růžička", "Horáková"},
	{"Öztürk", "Yılmaz", "Kılıç", "Şahin", "Çelik", "Doğan", "Aydın", "Güneş"},
	{"Məmmədov", "Əliyeva", "Hüseynov", "Quliyeva", "Həsənov", "İsmayılova", "Rzayev", "Abbasova"},
};
#define NTITLE 5
static const char *const person_title[NTITLE] = {"Prof. Dr.", "Dr.", "Prof. Dr. med.", "Prof.", "PD Dr."};

#define NQUOTE 2
static const char *const quote_text[NLANG][NQUOTE] = {
	{"This agreement opens new opportunities for our researchers and students.",
	 "Together we can bring new therapies to patients faster."},
	{"Diese Vereinbarung eröffnet unseren Forschenden und Studierenden neue Möglichkeiten.",
	 "Gemeinsam können wir neue Therapien schneller zu den Patientinnen und Patienten bringen."},
	{"Cet accord ouvre de nouvelles perspectives à nos chercheurs et à nos étudiants.",
	 "Ensemble, nous pourrons apporter plus rapidement de nouvelles thérapies aux patients."},
	{"Este acuerdo abre nuevas oportunidades para nuestros investigadores y estudiantes.",
	 "Juntos podremos llevar nuevas terapias a los pacientes más rápidamente."},
	{"Questo accordo apre nuove opportunità ai nostri ricercatori e studenti.",
	 "Insieme potremo portare più rapidamente nuove terapie ai pazienti."},
	{"Este acordo abre novas oportunidades para os nossos investigadores e estudantes.",
	 "Juntos poderemos levar novas terapias aos doentes mais depressa."},
	{"Porozumienie otwiera nowe możliwości przed naszymi badaczami i studentami.",
	 "Razem szybciej wprowadzimy nowe terapie dla pacjentów."},
	{"Deze overeenkomst biedt onze onderzoekers en studenten nieuwe kansen.",
	 "Samen brengen we nieuwe therapieën sneller bij patiënten."},
	{"Avtalet öppnar nya möjligheter för våra forskare och studenter.",
	 "Tillsammans kan vi snabbare ge patienterna nya behandlingar."},
	{"Tato dohoda otevírá našim výzkumníkům a studentům nové možnosti.",
	 "Společně dokážeme přinést pacientům nové terapie rychleji."},
	{"Bu anlaşma araştırmacılarımıza ve öğrencilerimize yeni fırsatlar sunuyor.",
	 "Birlikte yeni tedavileri hastalara daha hızlı ulaştırabiliriz."},
	{"Bu saziş tədqiqatçılarımız və tələbələrimiz üçün yeni imkanlar açır.",
	 "Birlikdə yeni müalicə üsullarını xəstələrə daha tez çatdıra bilərik."},
};

static const char *const signatory_desc[NLANG] = {
	"Representatives of the executive board", "Vertreterinnen und Vertreter des Vorstands",
	"Représentants de la direction", "Representantes de la dirección", "Rappresentanti della direzione",
	"Representantes da direção", "Przedstawiciele zarządu", "Vertegenwoordigers van het bestuur",
	"Företrädare för ledningen", "Zástupci vedení", "Yönetim kurulu temsilcileri",
	"İdarə heyətinin nümayəndələri"};

#define NAREA 8
static const char *const area_en[NAREA] = {"Central Europe", "Baltic Sea Region", "South Caucasus",
                                           "Mediterranean", "Danube Region", "Latin America",
                                           "Sub-Saharan Africa", "Southeast Asia"};
#define NNEWS 4
static const char *const news_publisher[NNEWS] = {"Science Business Weekly", "Health Policy Review",
                                                  "University World Report", "Research Europe Today"};

/* ---- countries and cities ---- */

typedef struct {
	const char *cc;
	int lang;
} country_lang;

static const country_lang country_langs[] = {
	{"DE", L_DE}, {"AT", L_DE}, {"CH", L_DE}, {"LI", L_DE},
	{"FR", L_FR}, {"BE", L_FR}, {"LU", L_FR}, {"MC", L_FR}, {"SN", L_FR}, {"CI", L_FR}, {"CM", L_FR},
	{"MA", L_FR}, {"TN", L_FR}, {"DZ", L_FR}, {"ML", L_FR}, {"BF", L_FR}, {"NE", L_FR}, {"TG", L_FR},
	{"BJ", L_FR}, {"GA", L_FR}, {"CG", L_FR}, {"CD", L_FR}, {"MG", L_FR}, {"HT", L_FR},
	{"ES", L_ES}, {"MX", L_ES}, {"AR", L_ES}, {"CO", L_ES}, {"CL", L_ES}, {"PE", L_ES}, {"VE", L_ES},
	{"EC", L_ES}, {"BO", L_ES}, {"PY", L_ES}, {"UY", L_ES}, {"CR", L_ES}, {"PA", L_ES}, {"GT", L_ES},
	{"HN", L_ES}, {"SV", L_ES}, {"NI", L_ES}, {"CU", L_ES}, {"DO", L_ES},
	{"IT", L_IT}, {"SM", L_IT}, {"VA", L_IT},
	{"PT", L_PT}, {"BR", L_PT}, {"AO", L_PT}, {"MZ", L_PT}, {"CV", L_PT}, {"GW", L_PT}, {"ST", L_PT},
	{"PL", L_PL}, {"NL", L_NL}, {"SR", L_NL}, {"SE", L_SV}, {"CZ", L_CS}, {"TR", L_TR}, {"AZ", L_AZ},
};

/* Share of top-level institutions, in tenths; countries not listed get 2. */
typedef struct {
	const char *cc;
	unsigned weight;
} country_weight;

static const country_weight country_weights[] = {
	{"US", 120}, {"DE", 100}, {"CN", 80}, {"GB", 70}, {"FR", 60}, {"JP", 50}, {"IT", 50}, {"ES", 40},
	{"CA", 30}, {"AU", 30}, {"NL", 30}, {"IN", 30}, {"BR", 30}, {"KR", 30}, {"CH", 20}, {"SE", 20},
	{"PL", 20}, {"TR", 20}, {"BE", 20}, {"AT", 20}, {"DK", 15}, {"NO", 15}, {"FI", 15}, {"CZ", 15},
	{"PT", 15}, {"IL", 15}, {"MX", 15}, {"RU", 15}, {"AR", 10}, {"AZ", 10}, {"HU", 10}, {"GR", 10},
	{"IE", 10}, {"RO", 10}, {"UA", 10}, {"ZA", 10}, {"EG", 8}, {"IR", 8}, {"NG", 8}, {"KE", 6},
	{"GE", 6}, {"AM", 5}, {"BG", 6}, {"HR", 6}, {"RS", 6}, {"SI", 5}, {"SK", 6}, {"EE", 5}, {"LV", 5},
	{"LT", 5},
};
#define DEFAULT_COUNTRY_WEIGHT 2

typedef struct {
	const char *cc;
	const char *name;    /* as written locally */
	const char *name_en; /* English exonym, or NULL when the same */
	const char *region;  /* ISO 3166-2 code, checked against the table at start-up */
	const char *wikidata;
	int lang;            /* -1: the country's language */
} known_city;

static const known_city known_cities[] = {
	{"DE", "Berlin", NULL, "DE-BE", "Q64", -1}, {"DE", "München", "Munich", "DE-BY", "Q1726", -1},
	{"DE", "Hamburg", NULL, "DE-HH", "Q1055", -1}, {"DE", "Köln", "Cologne", "DE-NW", "Q365", -1},
	{"DE", "Frankfurt am Main", NULL, "DE-HE", "Q1794", -1}, {"DE", "Stuttgart", NULL, "DE-BW", "Q1022", -1},
	{"DE", "Leipzig", NULL, "DE-SN", "Q2079", -1}, {"DE", "Dresden", NULL, "DE-SN", "Q1731", -1},
	{"DE", "Heidelberg", NULL, "DE-BW", "Q2966", -1}, {"DE", "Göttingen", NULL, "DE-NI", "Q3033", -1},
	{"DE", "Magdeburg", NULL, "DE-ST", "Q1733", -1}, {"DE", "Hannover", "Hanover", "DE-NI", "Q1715", -1},
	{"DE", "Mannheim", NULL, "DE-BW", "Q2119", -1}, {"DE", "Bonn", NULL, "DE-NW", "Q586", -1},
	{"DE", "Tübingen", NULL, "DE-BW", NULL, -1}, {"DE", "Würzburg", NULL, "DE-BY", NULL, -1},
	{"DE", "Lübeck", NULL, "DE-SH", NULL, -1}, {"DE", "Düsseldorf", NULL, "DE-NW", NULL, -1},
	{"DE", "Münster", NULL, "DE-NW", NULL, -1}, {"DE", "Jena", NULL, "DE-TH", NULL, -1},
	{"DE", "Greifswald", NULL, "DE-MV", NULL, -1}, {"DE", "Saarbrücken", NULL, "DE-SL", NULL, -1},
	{"DE", "Mainz", NULL, "DE-RP", NULL, -1}, {"DE", "Bremen", NULL, "DE-HB", NULL, -1},
	{"AT", "Wien", "Vienna", "AT-9", "Q1741", -1}, {"AT", "Graz", NULL, "AT-6", NULL, -1},
	{"AT", "Innsbruck", NULL, "AT-7", NULL, -1}, {"AT", "Salzburg", NULL, "AT-5", NULL, -1},
	{"AT", "Linz", NULL, "AT-4", NULL, -1},
	{"CH", "Zürich", "Zurich", "CH-ZH", "Q72", -1}, {"CH", "Genève", "Geneva", "CH-GE", "Q71", L_FR},
	{"CH", "Basel", NULL, "CH-BS", "Q78", -1}, {"CH", "Bern", NULL, "CH-BE", "Q70", -1},
	{"CH", "Lausanne", NULL, "CH-VD", NULL, L_FR},
	{"FR", "Paris", NULL, "FR-75", "Q90", -1}, {"FR", "Lyon", NULL, "FR-69", "Q456", -1},
	{"FR", "Marseille", NULL, "FR-13", NULL, -1}, {"FR", "Toulouse", NULL, "FR-31", NULL, -1},
	{"FR", "Strasbourg", NULL, "FR-67", NULL, -1}, {"FR", "Montpellier", NULL, "FR-34", NULL, -1},
	{"FR", "Bordeaux", NULL, "FR-33", NULL, -1}, {"FR", "Lille", NULL, "FR-59", NULL, -1},
	{"FR", "Nantes", NULL, "FR-44", NULL, -1}, {"FR", "Grenoble", NULL, "FR-38", NULL, -1},
	{"GB", "London", NULL, "GB-LND", "Q84", -1}, {"GB", "Manchester", NULL, "GB-MAN", NULL, -1},
	{"GB", "Edinburgh", NULL, "GB-EDH", NULL, -1}, {"GB", "Glasgow", NULL, "GB-GLG", NULL, -1},
	{"GB", "Oxford", NULL, "GB-OXF", NULL, -1}, {"GB", "Cambridge", NULL, "GB-CAM", NULL, -1},
	{"GB", "Birmingham", NULL, "GB-BIR", NULL, -1}, {"GB", "Cardiff", NULL, "GB-CRF", NULL, -1},
	{"GB", "Belfast", NULL, "GB-BFS", NULL, -1}, {"GB", "Bristol", NULL, "GB-BST", NULL, -1},
	{"US", "New York", NULL, "US-NY", "Q60", -1}, {"US", "Boston", NULL, "US-MA", NULL, -1},
	{"US", "Chicago", NULL, "US-IL", NULL, -1}, {"US", "San Francisco", NULL, "US-CA", NULL, -1},
	{"US", "Los Angeles", NULL, "US-CA", NULL, -1}, {"US", "Seattle", NULL, "US-WA", NULL, -1},
	{"US", "Houston", NULL, "US-TX", NULL, -1}, {"US", "Baltimore", NULL, "US-MD", NULL, -1},
	{"US", "Philadelphia", NULL, "US-PA", NULL, -1}, {"US", "Ann Arbor", NULL, "US-MI", NULL, -1},
	{"IT", "Roma", "Rome", "IT-RM", "Q220", -1}, {"IT", "Milano", "Milan", "IT-MI", "Q490", -1},
	{"IT", "Napoli", "Naples", "IT-NA", NULL, -1}, {"IT", "Torino", "Turin", "IT-TO", NULL, -1},
	{"IT", "Bologna", NULL, "IT-BO", NULL, -1}, {"IT", "Firenze", "Florence", "IT-FI", NULL, -1},
	{"IT", "Padova", "Padua", "IT-PD", NULL, -1}, {"IT", "Pisa", NULL, "IT-PI", NULL, -1},
	{"ES", "Madrid", NULL, "ES-M", "Q2807", -1}, {"ES", "Barcelona", NULL, "ES-B", NULL, -1},
	{"ES", "València", "Valencia", "ES-V", NULL, -1}, {"ES", "Sevilla", "Seville", "ES-SE", NULL, -1},
	{"ES", "Salamanca", NULL, "ES-SA", NULL, -1}, {"ES", "Granada", NULL, "ES-GR", NULL, -1},
	{"ES", "Bilbao", NULL, "ES-BI", NULL, -1}, {"ES", "Zaragoza", NULL, "ES-Z", NULL, -1},
	{"ES", "A Coruña", NULL, "ES-C", NULL, -1}, {"ES", "Málaga", NULL, "ES-MA", NULL, -1},
	{"PL", "Warszawa", "Warsaw", "PL-14", "Q270", -1}, {"PL", "Kraków", "Krakow", "PL-12", "Q31487", -1},
	{"PL", "Wrocław", NULL, "PL-02", NULL, -1}, {"PL", "Gdańsk", NULL, "PL-22", NULL, -1},
	{"PL", "Poznań", NULL, "PL-30", NULL, -1}, {"PL", "Łódź", NULL, "PL-10", NULL, -1},
	{"PL", "Lublin", NULL, "PL-06", NULL, -1},
	{"NL", "Amsterdam", NULL, "NL-NH", "Q727", -1}, {"NL", "Rotterdam", NULL, "NL-ZH", NULL, -1},
	{"NL", "Utrecht", NULL, "NL-UT", NULL, -1}, {"NL", "Leiden", NULL, "NL-ZH", NULL, -1},
	{"NL", "Groningen", NULL, "NL-GR", NULL, -1}, {"NL", "Nijmegen", NULL, "NL-GE", NULL, -1},
	{"NL", "Maastricht", NULL, "NL-LI", NULL, -1},
	{"BE", "Bruxelles", "Brussels", "BE-BRU", NULL, -1}, {"BE", "Leuven", NULL, "BE-VBR", NULL, L_NL},
	{"BE", "Gent", "Ghent", "BE-VOV", NULL, L_NL}, {"BE", "Liège", NULL, "BE-WLG", NULL, -1},
	{"BE", "Antwerpen", "Antwerp", "BE-VAN", NULL, L_NL},
	{"SE", "Stockholm", NULL, "SE-AB", "Q1754", -1}, {"SE", "Uppsala", NULL, "SE-C", NULL, -1},
	{"SE", "Göteborg", "Gothenburg", "SE-O", NULL, -1}, {"SE", "Lund", NULL, "SE-M", NULL, -1},
	{"SE", "Umeå", NULL, "SE-AC", NULL, -1}, {"SE", "Linköping", NULL, "SE-E", NULL, -1},
	{"DK", "København", "Copenhagen", "DK-84", "Q1748", -1}, {"DK", "Aarhus", NULL, "DK-82", NULL, -1},
	{"DK", "Odense", NULL, "DK-83", NULL, -1},
	{"NO", "Oslo", NULL, "NO-03", "Q585", -1}, {"NO", "Bergen", NULL, "NO-46", NULL, -1},
	{"NO", "Trondheim", NULL, "NO-50", NULL, -1},
	{"FI", "Helsinki", NULL, "FI-18", "Q1757", -1}, {"FI", "Turku", NULL, "FI-19", NULL, -1},
	{"FI", "Tampere", NULL, "FI-11", NULL, -1}, {"FI", "Oulu", NULL, "FI-14", NULL, -1},
	{"CZ", "Praha", "Prague", "CZ-10", "Q1085", -1}, {"CZ", "Brno", NULL, "CZ-64", NULL, -1},
	{"CZ", "Olomouc", NULL, "CZ-71", NULL, -1}, {"CZ", "Plzeň", NULL, "CZ-32", NULL, -1},
	{"CZ", "Ostrava", NULL, "CZ-80", NULL, -1},
	{"PT", "Lisboa", "Lisbon", "PT-11", "Q597", -1}, {"PT", "Porto", NULL, "PT-13", NULL, -1},
	{"PT", "Coimbra", NULL, "PT-06", NULL, -1}, {"PT", "Braga", NULL, "PT-03", NULL, -1},
	{"TR", "İstanbul", "Istanbul", "TR-34", "Q406", -1}, {"TR", "Ankara", NULL, "TR-06", NULL, -1},
	{"TR", "İzmir", "Izmir", "TR-35", NULL, -1}, {"TR", "Bursa", NULL, "TR-16", NULL, -1},
	{"TR", "Antalya", NULL, "TR-07", NULL, -1},
	{"AZ", "Bakı", "Baku", "AZ-BA", "Q9248", -1}, {"AZ", "Gəncə", "Ganja", "AZ-GA", NULL, -1},
	{"AZ", "Sumqayıt", "Sumgait", "AZ-SM", NULL, -1}, {"AZ", "Lənkəran", "Lankaran", "AZ-LA", NULL, -1},
	{"AZ", "Şəki", "Shaki", "AZ-SA", NULL, -1},
	{"GE", "Tbilisi", NULL, "GE-TB", "Q994", -1}, {"AM", "Yerevan", NULL, "AM-ER", "Q1953", -1},
	{"HU", "Budapest", NULL, "HU-BU", "Q1781", -1}, {"HU", "Debrecen", NULL, "HU-DE", NULL, -1},
	{"HU", "Szeged", NULL, "HU-CS", NULL, -1}, {"HU", "Pécs", NULL, "HU-BA", NULL, -1},
	{"IE", "Dublin", NULL, "IE-D", "Q1761", -1}, {"IE", "Cork", NULL, "IE-CO", NULL, -1},
	{"IE", "Galway", NULL, "IE-G", NULL, -1},
	{"GR", "Athína", "Athens", "GR-I", "Q1524", -1}, {"GR", "Thessaloníki", "Thessaloniki", "GR-B", NULL, -1},
	{"RO", "București", "Bucharest", "RO-B", "Q19660", -1}, {"RO", "Cluj-Napoca", NULL, "RO-CJ", NULL, -1},
	{"RO", "Iași", NULL, "RO-IS", NULL, -1}, {"RO", "Timișoara", NULL, "RO-TM", NULL, -1},
	{"BG", "Sofia", NULL, "BG-22", "Q472", -1}, {"BG", "Plovdiv", NULL, "BG-16", NULL, -1},
	{"BG", "Varna", NULL, "BG-03", NULL, -1},
	{"UA", "Kyiv", NULL, "UA-30", "Q1899", -1}, {"UA", "Lviv", NULL, "UA-46", NULL, -1},
	{"UA", "Kharkiv", NULL, "UA-63", NULL, -1}, {"UA", "Odesa", NULL, "UA-51", NULL, -1},
	{"HR", "Zagreb", NULL, "HR-21", "Q1435", -1}, {"HR", "Split", NULL, "HR-17", NULL, -1},
	{"HR", "Rijeka", NULL, "HR-08", NULL, -1},
	{"RS", "Beograd", "Belgrade", "RS-00", "Q3711", -1}, {"RS", "Novi Sad", NULL, "RS-VO", NULL, -1},
	{"RS", "Niš", NULL, "RS-20", NULL, -1},
	{"SI", "Ljubljana", NULL, "SI-061", "Q437", -1}, {"SI", "Maribor", NULL, "SI-070", NULL, -1},
	{"SK", "Bratislava", NULL, "SK-BL", "Q1780", -1}, {"SK", "Košice", NULL, "SK-KI", NULL, -1},
	{"EE", "Tallinn", NULL, "EE-784", "Q1770", -1}, {"EE", "Tartu", NULL, "EE-793", NULL, -1},
	{"LV", "Rīga", "Riga", "LV-RIX", "Q1773", -1},
	{"LT", "Vilnius", NULL, "LT-57", "Q216", -1}, {"LT", "Kaunas", NULL, "LT-KU", NULL, -1},
	{"CN", "Beijing", NULL, "CN-BJ", "Q956", -1}, {"CN", "Shanghai", NULL, "CN-SH", NULL, -1},
	{"CN", "Guangzhou", NULL, "CN-GD", NULL, -1}, {"CN", "Wuhan", NULL, "CN-HB", NULL, -1},
	{"CN", "Hangzhou", NULL, "CN-ZJ", NULL, -1}, {"CN", "Chengdu", NULL, "CN-SC", NULL, -1},
	{"CN", "Nanjing", NULL, "CN-JS", NULL, -1},
	{"JP", "Tōkyō", "Tokyo", "JP-13", "Q1490", -1}, {"JP", "Ōsaka", "Osaka", "JP-27", NULL, -1},
	{"JP", "Kyōto", "Kyoto", "JP-26", NULL, -1}, {"JP", "Nagoya", NULL, "JP-23", NULL, -1},
	{"JP", "Sendai", NULL, "JP-04", NULL, -1}, {"JP", "Fukuoka", NULL, "JP-40", NULL, -1},
	{"KR", "Seoul", NULL, "KR-11", "Q8684", -1}, {"KR", "Busan", NULL, "KR-26", NULL, -1},
	{"KR", "Daejeon", NULL, "KR-30", NULL, -1},
	{"IN", "Delhi", NULL, "IN-DL", "Q1353", -1}, {"IN", "Mumbai", NULL, "IN-MH", NULL, -1},
	{"IN", "Bengaluru", NULL, "IN-KA", NULL, -1}, {"IN", "Chennai", NULL, "IN-TN", NULL, -1},
	{"IN", "Kolkata", NULL, "IN-WB", NULL, -1}, {"IN", "Hyderabad", NULL, "IN-TG", NULL, -1},
	{"BR", "São Paulo", NULL, "BR-SP", "Q174", -1}, {"BR", "Rio de Janeiro", NULL, "BR-RJ", NULL, -1},
	{"BR", "Belo Horizonte", NULL, "BR-MG", NULL, -1}, {"BR", "Porto Alegre", NULL, "BR-RS", NULL, -1},
	{"BR", "Brasília", NULL, "BR-DF", NULL, -1}, {"BR", "Curitiba", NULL, "BR-PR", NULL, -1},
	{"AR", "Buenos Aires", NULL, "AR-C", "Q1486", -1}, {"AR", "Córdoba", NULL, "AR-X", NULL, -1},
	{"AR", "Rosario", NULL, "AR-S", NULL, -1},
	{"MX", "Ciudad de México", "Mexico City", "MX-CMX", "Q1489", -1},
	{"MX", "Guadalajara", NULL, "MX-JAL", NULL, -1}, {"MX", "Monterrey", NULL, "MX-NLE", NULL, -1},
	{"MX", "Puebla", NULL, "MX-PUE", NULL, -1},
	{"CA", "Toronto", NULL, "CA-ON", "Q172", -1}, {"CA", "Montréal", "Montreal", "CA-QC", NULL, L_FR},
	{"CA", "Vancouver", NULL, "CA-BC", NULL, -1}, {"CA", "Ottawa", NULL, "CA-ON", NULL, -1},
	{"CA", "Calgary", NULL, "CA-AB", NULL, -1},
	{"AU", "Sydney", NULL, "AU-NSW", "Q3130", -1}, {"AU", "Melbourne", NULL, "AU-VIC", NULL, -1},
	{"AU", "Brisbane", NULL, "AU-QLD", NULL, -1}, {"AU", "Perth", NULL, "AU-WA", NULL, -1},
	{"AU", "Adelaide", NULL, "AU-SA", NULL, -1},
	{"IL", "Jerusalem", NULL, "IL-JM", NULL, -1}, {"IL", "Tel Aviv", NULL, "IL-TA", NULL, -1},
	{"IL", "Haifa", NULL, "IL-HA", NULL, -1},
	{"EG", "Cairo", NULL, "EG-C", "Q85", -1}, {"EG", "Alexandria", NULL, "EG-ALX", NULL, -1},
	{"IR", "Tehran", NULL, "IR-23", "Q3616", -1}, {"KE", "Nairobi", NULL, "KE-30", "Q3870", -1},
	{"ZA", "Johannesburg", NULL, "ZA-GP", NULL, -1}, {"ZA", "Cape Town", NULL, "ZA-WC", NULL, -1},
	{"ZA", "Durban", NULL, "ZA-KZN", NULL, -1},
	{"NG", "Lagos", NULL, "NG-LA", NULL, -1}, {"NG", "Ibadan", NULL, "NG-OY", NULL, -1},
	{"NG", "Abuja", NULL, "NG-FC", NULL, -1},
	{"RU", "Moskva", "Moscow", "RU-MOW", "Q649", -1},
	{"RU", "Sankt-Peterburg", "Saint Petersburg", "RU-SPE", NULL, -1},
	{"RU", "Novosibirsk", NULL, "RU-NVS", NULL, -1}, {"RU", "Kazan", NULL, "RU-TA", NULL, -1},
};

typedef struct {
	char *name;
	const char *name_en; /* NULL: same as name */
	char *region;
	const char *wikidata;
	int lang;
} city;

typedef struct {
	char cc[3];
	char lc[3]; /* lower case, for IDs */
	char *name_en;
	int lang;
	unsigned weight;
	uint32_t city_first, city_count;
	u32list insts;   /* top-level institutions (not funders) */
	u32list funders;
	int used;        /* institutions or funders refer to its directory source */
} country;

static country *countries;
static uint32_t country_count;
static city *cities;
static uint32_t city_count, city_cap;

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("cannot open %s: %s", path, strerror(errno));
	size_t cap = 1 << 16, len = 0;
	char *buf = xmalloc(cap);
	size_t n;
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len - 1 == 0) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	if (ferror(f))
		die("cannot read %s", path);
	fclose(f);
	buf[len] = 0;
	return buf;
}

/* Splits a TSV line in place into at most max fields; returns the number of fields. */
static int split_tabs(char *line, char **fields, int max)
{
	int n = 0;
	fields[n++] = line;
	for (char *p = line; *p && n < max; p++) {
		if (*p == '\t') {
			*p = 0;
			fields[n++] = p + 1;
		}
	}
	return n;
}

static void add_city(const char *name, const char *name_en, const char *region, const char *wikidata, int lang)
{
	if (city_count == city_cap) {
		city_cap = city_cap ? city_cap * 2 : 1024;
		cities = xrealloc(cities, city_cap * sizeof *cities);
	}
	city *c = &cities[city_count++];
	c->name = xstrdup(name);
	c->name_en = name_en;
	c->region = xstrdup(region);
	c->wikidata = wikidata;
	c->lang = lang;
}

/* Subdivisions whose names read like a place: the first types are likeliest to be a city. */
static int subdivision_rank(const char *type)
{
	static const char *const preferred[] = {"Capital", "City", "city", "Municipality", "municipality", "Parish",
	                                        "District", "Commune", "Town"};
	for (size_t i = 0; i < sizeof preferred / sizeof *preferred; i++)
		if (strstr(type, preferred[i]))
			return (int)i;
	return 100;
}

static int name_is_plain(const char *name)
{
	return !strpbrk(name, ",([/;") && strlen(name) < 40;
}

typedef struct {
	char *code, *type, *name;
} subdivision;

static void load_tables(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/iso3166-2.tsv", dir);
	char *sub_text = read_file(path);
	subdivision *subs = NULL;
	size_t nsubs = 0, subcap = 0;
	for (char *line = strtok(sub_text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#')
			continue;
		char *f[4];
		if (split_tabs(line, f, 4) != 4)
			die("%s: bad line '%s'", path, line);
		if (nsubs == subcap) {
			subcap = subcap ? subcap * 2 : 4096;
			subs = xrealloc(subs, subcap * sizeof *subs);
		}
		subs[nsubs].code = f[0];
		subs[nsubs].type = f[2];
		subs[nsubs].name = f[3];
		nsubs++;
	}

	/* Every region in the hand-written city list must exist, or the dataset would not validate. */
	for (size_t k = 0; k < sizeof known_cities / sizeof *known_cities; k++) {
		size_t i;
		for (i = 0; i < nsubs; i++)
			if (strcmp(subs[i].code, known_cities[k].region) == 0)
				break;
		if (i == nsubs)
			die("city %s: region %s is not in %s", known_cities[k].name, known_cities[k].region, path);
	}

	snprintf(path, sizeof path, "%s/iso3166-1.tsv", dir);
	char *cc_text = read_file(path);
	countries = xmalloc(300 * sizeof *countries);
	for (char *line = strtok(cc_text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#')
			continue;
		char *f[5];
		if (split_tabs(line, f, 5) < 4 || strlen(f[0]) != 2)
			die("%s: bad line '%s'", path, line);
		/* only countries with subdivisions: every institution gets a real region */
		size_t first = nsubs;
		for (size_t i = 0; i < nsubs; i++)
			if (strncmp(subs[i].code, f[0], 2) == 0 && subs[i].code[2] == '-') {
				first = i;
				break;
			}
		if (first == nsubs)
			continue;
		if (country_count == 300)
			die("%s: too many countries", path);
		country *c = &countries[country_count++];
		memset(c, 0, sizeof *c);
		memcpy(c->cc, f[0], 3);
		c->lc[0] = (char)(f[0][0] - 'A' + 'a');
		c->lc[1] = (char)(f[0][1] - 'A' + 'a');
		c->name_en = xstrdup(f[3]);
		c->lang = L_EN;
		for (size_t k = 0; k < sizeof country_langs / sizeof *country_langs; k++)
			if (strcmp(country_langs[k].cc, c->cc) == 0)
				c->lang = country_langs[k].lang;
		c->weight = DEFAULT_COUNTRY_WEIGHT;
		for (size_t k = 0; k < sizeof country_weights / sizeof *country_weights; k++)
			if (strcmp(country_weights[k].cc, c->cc) == 0)
				c->weight = country_weights[k].weight;
		c->city_first = city_count;
		for (size_t k = 0; k < sizeof known_cities / sizeof *known_cities; k++) {
			const known_city *kc = &known_cities[k];
			if (strcmp(kc->cc, c->cc) == 0)
				add_city(kc->name, kc->name_en, kc->region, kc->wikidata, kc->lang >= 0 ? kc->lang : c->lang);
		}
		if (city_count == c->city_first) {
			/* No hand-picked cities: up to four subdivisions that read like places stand in for
			 * cities (many of them are named after their main town). */
			for (int rank = 0; rank <= 100 && city_count - c->city_first < 4; rank++)
				for (size_t i = first; i < nsubs && strncmp(subs[i].code, c->cc, 2) == 0; i++)
					if (subdivision_rank(subs[i].type) == rank && name_is_plain(subs[i].name) &&
					    city_count - c->city_first < 4)
						add_city(subs[i].name, NULL, subs[i].code, NULL, c->lang);
			if (city_count == c->city_first)
				add_city(c->name_en, NULL, subs[first].code, NULL, c->lang);
		}
		c->city_count = city_count - c->city_first;
	}
	free(subs);
	/* strings of sub_text are copied into cities; the buffers can go */
	free(sub_text);
	free(cc_text);
}

/* ---- output ---- */

static FILE *out;
static uint64_t bytes_written;
static char out_path[4096];
static const char *out_dir;

static void open_out(const char *name)
{
	snprintf(out_path, sizeof out_path, "%s/%s", out_dir, name);
	out = fopen(out_path, "wb");
	if (!out)
		die("cannot create %s: %s", out_path, strerror(errno));
	static char buffer[1 << 20];
	setvbuf(out, buffer, _IOFBF, sizeof buffer);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<!-- Synthetic benchmark data written by bench/gen " GEN_VERSION ". Every institution, person and\n"
	      "     agreement in it is made up. -->\n"
	      "<coopgraph xmlns=\"https://w3id.org/coopgraph/ns/1\" xml:lang=\"en\">\n",
	      out);
}

static void close_out(void)
{
	fputs("</coopgraph>\n", out);
	long pos = ftell(out);
	if (pos < 0 || ferror(out) || fclose(out) != 0)
		die("cannot write %s", out_path);
	bytes_written += (uint64_t)pos;
	out = NULL;
}

static void put(const char *s)
{
	fputs(s, out);
}

static void putf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void putf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
}

/* Text content: escapes what XML needs escaped (our attributes hold only IDs, codes and URLs). */
static void put_text(const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		default: putc(*s, out);
		}
	}
}

/* <tag>text</tag> with xml:lang when the text's language differs from the inherited one. */
static void put_elem(const char *indent, const char *tag, int lang, int inherited, const char *text)
{
	if (lang == inherited)
		putf("%s<%s>", indent, tag);
	else
		putf("%s<%s xml:lang=\"%s\">", indent, tag, lang_tag[lang]);
	put_text(text);
	putf("</%s>\n", tag);
}

/* ---- templates ---- */

typedef struct {
	const char *c, *s, *f, *k, *a, *b;
} tpl_args;

static void expand(char *buf, size_t cap, const char *tpl, const tpl_args *args)
{
	size_t len = 0;
	for (const char *p = tpl; *p && len + 1 < cap; p++) {
		const char *value = NULL;
		if (p[0] == '{' && p[1] && p[2] == '}') {
			switch (p[1]) {
			case 'C': value = args->c; break;
			case 'S': value = args->s; break;
			case 'F': value = args->f; break;
			case 'K': value = args->k; break;
			case 'A': value = args->a; break;
			case 'B': value = args->b; break;
			default: break;
			}
		}
		if (value) {
			size_t n = strlen(value);
			if (len + n >= cap)
				n = cap - len - 1;
			memcpy(buf + len, value, n);
			len += n;
			p += 2;
		} else {
			buf[len++] = *p;
		}
	}
	buf[len] = 0;
}

/* The non-ASCII capitals that start words in the names of the tables and of ISO 3166-2. */
static int is_capital_letter(const char *p, size_t n)
{
	static const char *const capitals[] = {"Ä", "Å", "Á", "À", "Â", "Ç", "É", "È", "Í", "Î", "Ñ", "Ó", "Ö", "Ø",
	                                       "Ú", "Ü", "Č", "Ď", "İ", "Ł", "Ō", "Ř", "Ś", "Ş", "Š", "Ž", "Ż", "Ə",
	                                       "Ā", "Ē", "Ī", "Ū"};
	for (size_t i = 0; i < sizeof capitals / sizeof *capitals; i++)
		if (strlen(capitals[i]) == n && memcmp(capitals[i], p, n) == 0)
			return 1;
	return 0;
}

/* Initials of the capitalised words, the way acronyms like "TUM" or "İTÜ" are made. */
static void make_acronym(char *buf, size_t cap, const char *name)
{
	size_t len = 0;
	int letters = 0;
	const unsigned char *p = (const unsigned char *)name;
	while (*p && letters < 6) {
		while (*p == ' ' || *p == '-')
			p++;
		if (!*p)
			break;
		size_t n = 1;
		if (*p >= 0xC0)
			while ((p[n] & 0xC0) == 0x80)
				n++;
		int capital = (*p >= 'A' && *p <= 'Z') || (n > 1 && is_capital_letter((const char *)p, n));
		if (capital && len + n + 1 < cap) {
			memcpy(buf + len, p, n);
			len += n;
			letters++;
		}
		while (*p && *p != ' ' && *p != '-')
			p++;
	}
	buf[len] = 0;
	if (letters < 2)
		buf[0] = 0;
}

/* ---- the entities ---- */

typedef struct {
	uint32_t country, city;
	uint8_t kind, subject, family, lang;
	uint8_t unit_count, person_count;
	uint32_t person_first;
	uint32_t number; /* the number in the ID */
	char acronym[24];
} institution;

typedef struct {
	uint32_t country, city;
	uint32_t number;
	uint32_t prog_first;
	uint8_t prog_count, lang;
	char acronym[24];
} funder;

typedef struct {
	uint32_t funder;
	uint8_t subject;
} programme;

typedef struct {
	uint32_t inst;
	uint8_t lang;
} person;

static institution *insts;
static uint32_t inst_count;
static uint8_t *unit_kinds;     /* [inst * 4 + k] */
static uint8_t *unit_subjects;
static funder *funders;
static uint32_t funder_count;
static programme *programmes;
static uint32_t programme_count;
static person *people;
static uint32_t person_count;
static uint32_t unit_total;

static const char *city_name(const city *c, int lang)
{
	return lang == L_EN && c->name_en ? c->name_en : c->name;
}

static void inst_name(char *buf, size_t cap, const institution *in, int lang)
{
	tpl_args a = {0};
	a.c = city_name(&cities[in->city], lang);
	a.s = subject[lang][in->subject];
	a.f = family_name[in->lang][in->family];
	expand(buf, cap, top_tpl[in->kind][lang], &a);
}

static void inst_id(char *buf, size_t cap, uint32_t i)
{
	snprintf(buf, cap, "%s-%u", countries[insts[i].country].lc, insts[i].number);
}

/* A party: a top-level institution, or one of its units (unit >= 0). */
static void party_id(char *buf, size_t cap, uint32_t i, int unit)
{
	if (unit < 0)
		inst_id(buf, cap, i);
	else
		snprintf(buf, cap, "%s-%u-%d", countries[insts[i].country].lc, insts[i].number, unit + 1);
}

static void funder_id(char *buf, size_t cap, uint32_t f)
{
	snprintf(buf, cap, "%s-funder-%u", countries[funders[f].country].lc, funders[f].number);
}

/* How an agreement title or a press release refers to an institution: its acronym, else its name. */
static void inst_short(char *buf, size_t cap, const institution *in, int lang)
{
	if (in->acronym[0])
		snprintf(buf, cap, "%s", in->acronym);
	else
		inst_name(buf, cap, in, lang);
}

static void write_location(const char *indent, const city *c, const country *co, int lang, int full)
{
	putf("%s<location country=\"%s\" region=\"%s\">\n", indent, co->cc, c->region);
	if (c->wikidata && full)
		putf("%s  <city wikidata=\"%s\">", indent, c->wikidata);
	else
		putf("%s  <city>", indent);
	put_text(lang == L_EN ? city_name(c, L_EN) : c->name);
	put("</city>\n");
	if (full && lang != L_EN && c->name_en) {
		putf("%s  <city xml:lang=\"en\">", indent);
		put_text(c->name_en);
		put("</city>\n");
	}
	putf("%s</location>\n", indent);
}

/* Picks a country by weight; the first country_count draws of a large enough dataset cover every
 * country once, so all 200 appear. */
static uint32_t pick_country(rng *r, uint32_t ordinal, uint32_t total)
{
	if (total >= 2 * country_count && ordinal < country_count)
		return ordinal;
	static unsigned *weights;
	if (!weights) {
		weights = xmalloc(country_count * sizeof *weights);
		for (uint32_t i = 0; i < country_count; i++)
			weights[i] = countries[i].weight;
	}
	return weighted(r, weights, country_count);
}

static const char *other_id_prefix = "BENCH";

static void build_institutions(uint32_t top_count)
{
	static const unsigned kind_weight[TOP_KINDS] = {22, 8, 14, 18, 16, 8, 6, 8, 0};
	inst_count = top_count;
	insts = xmalloc(top_count * sizeof *insts);
	unit_kinds = xmalloc((size_t)top_count * 4);
	unit_subjects = xmalloc((size_t)top_count * 4);
	for (uint32_t i = 0; i < top_count; i++) {
		rng r = rng_for(STREAM_INST, i);
		institution *in = &insts[i];
		memset(in, 0, sizeof *in);
		in->country = pick_country(&r, i, top_count);
		country *co = &countries[in->country];
		in->city = co->city_first + below(&r, co->city_count);
		in->lang = (uint8_t)cities[in->city].lang;
		in->kind = (uint8_t)weighted(&r, kind_weight, TOP_KINDS);
		in->subject = (uint8_t)below(&r, NSUBJ);
		in->family = (uint8_t)below(&r, NNAME);
		in->number = i + 1;
		u32_push(&co->insts, i);
		co->used = 1;
		unsigned units = 0;
		switch (in->kind) {
		case K_UNIV:
		case K_TECH: units = below(&r, 4); break;           /* faculties and institutes */
		case K_UHOSP: units = 1 + below(&r, 3); break;      /* clinics */
		case K_HOSP: units = below(&r, 3); break;           /* clinics and departments */
		case K_RES: units = below(&r, 2); break;            /* departments */
		default: break;
		}
		in->unit_count = (uint8_t)units;
		for (unsigned k = 0; k < units; k++) {
			unsigned uk;
			switch (in->kind) {
			case K_UNIV:
			case K_TECH: uk = percent(&r, 60) ? U_FACULTY : U_INSTITUTE; break;
			case K_UHOSP: uk = U_CLINIC; break;
			case K_HOSP: uk = percent(&r, 70) ? U_CLINIC : U_DEPT; break;
			default: uk = U_DEPT; break;
			}
			unit_kinds[i * 4 + k] = (uint8_t)uk;
			/* distinct subjects within one institution; hospitals have medical ones (the first 8) */
			if (in->kind == K_UHOSP || in->kind == K_HOSP)
				unit_subjects[i * 4 + k] = (uint8_t)((in->subject + 1 + k * 2 + below(&r, 2)) % 8);
			else
				unit_subjects[i * 4 + k] = (uint8_t)((in->subject + 1 + k * 5 + below(&r, 5)) % NSUBJ);
		}
		unit_total += units;
		if (percent(&r, 90)) {
			char name[512];
			inst_name(name, sizeof name, in, in->lang);
			make_acronym(in->acronym, sizeof in->acronym, name);
		}
	}
}

static void write_institutions(uint32_t per_file)
{
	char id[64], name[512], name_en[512];
	uint32_t file_no = 0;
	for (uint32_t i = 0; i < inst_count; i++) {
		if (i % per_file == 0) {
			if (out)
				close_out();
			char fname[64];
			snprintf(fname, sizeof fname, "institutions-%03u.xml", ++file_no);
			open_out(fname);
		}
		rng r = rng_for(STREAM_INST, UINT64_C(1) << 40 | i);
		const institution *in = &insts[i];
		const country *co = &countries[in->country];
		const city *c = &cities[in->city];
		int lang = in->lang;
		inst_id(id, sizeof id, i);
		inst_name(name, sizeof name, in, lang);
		putf("  <institution id=\"%s\" kind=\"%s\" sources=\"dir-%s\"", id, top_kind_token[in->kind], co->lc);
		if (lang != L_EN)
			putf(" xml:lang=\"%s\"", lang_tag[lang]);
		put(">\n");
		put_elem("    ", "name", lang, lang, name);
		if (lang != L_EN) {
			inst_name(name_en, sizeof name_en, in, L_EN);
			put_elem("    ", "name", L_EN, lang, name_en);
		}
		if (in->acronym[0])
			put_elem("    ", "acronym", lang, lang, in->acronym);
		write_location("    ", c, co, lang, 1);
		putf("    <website>https://%s.example.org/</website>\n", id);
		if (percent(&r, 20))
			putf("    <identifier scheme=\"other\">%s-%s-%06u</identifier>\n", other_id_prefix, co->cc, in->number);
		put("  </institution>\n");
		for (unsigned k = 0; k < in->unit_count; k++) {
			char uid[64];
			party_id(uid, sizeof uid, i, (int)k);
			unsigned uk = unit_kinds[i * 4 + k];
			tpl_args a = {0};
			putf("  <institution id=\"%s\" kind=\"%s\" partOf=\"%s\" sources=\"dir-%s\"", uid, unit_kind_token[uk],
			     id, co->lc);
			if (lang != L_EN)
				putf(" xml:lang=\"%s\"", lang_tag[lang]);
			put(">\n");
			a.s = subject[lang][unit_subjects[i * 4 + k]];
			expand(name, sizeof name, unit_tpl[uk][lang], &a);
			put_elem("    ", "name", lang, lang, name);
			if (lang != L_EN) {
				a.s = subject[L_EN][unit_subjects[i * 4 + k]];
				expand(name_en, sizeof name_en, unit_tpl[uk][L_EN], &a);
				put_elem("    ", "name", L_EN, lang, name_en);
			}
			write_location("    ", c, co, lang, 0);
			put("  </institution>\n");
		}
	}
	if (out)
		close_out();
}

/* ORCID iDs with a valid ISO 7064 11,2 check character (all made up). */
static void make_orcid(char *buf, size_t cap, rng *r)
{
	char digits[16];
	int total = 0;
	for (int i = 0; i < 15; i++) {
		/* 0000-0001-... to 0000-0003-... are the blocks in use */
		int d = i < 7 ? 0 : i == 7 ? 1 + (int)below(r, 3) : (int)below(r, 10);
		digits[i] = (char)('0' + d);
		total = (total + d) * 2;
	}
	int check = (12 - total % 11) % 11;
	snprintf(buf, cap, "https://orcid.org/%.4s-%.4s-%.4s-%.3s%c", digits, digits + 4, digits + 8, digits + 12,
	         check == 10 ? 'X' : '0' + check);
}

static void build_people(void)
{
	/* 0 to 4 people per top-level institution, about 1.85 on average */
	static const unsigned count_weight[5] = {15, 25, 30, 20, 10};
	person_count = 0;
	for (uint32_t i = 0; i < inst_count; i++) {
		rng r = rng_for(STREAM_INST, UINT64_C(2) << 40 | i);
		insts[i].person_first = person_count;
		insts[i].person_count = (uint8_t)weighted(&r, count_weight, 5);
		person_count += insts[i].person_count;
	}
	people = xmalloc((person_count ? person_count : 1) * sizeof *people);
	for (uint32_t i = 0; i < inst_count; i++)
		for (unsigned k = 0; k < insts[i].person_count; k++) {
			person *p = &people[insts[i].person_first + k];
			p->inst = i;
			p->lang = insts[i].lang;
		}
}

static void write_people(uint32_t per_file)
{
	char id[64], orcid[64];
	uint32_t file_no = 0;
	for (uint32_t n = 0; n < person_count; n++) {
		if (n % per_file == 0) {
			if (out)
				close_out();
			char fname[64];
			snprintf(fname, sizeof fname, "people-%03u.xml", ++file_no);
			open_out(fname);
		}
		rng r = rng_for(STREAM_PERSON, n);
		const person *p = &people[n];
		const institution *in = &insts[p->inst];
		int lang = p->lang;
		putf("  <person id=\"p%u\" sources=\"dir-%s\"", n + 1, countries[in->country].lc);
		if (lang != L_EN)
			putf(" xml:lang=\"%s\"", lang_tag[lang]);
		put(">\n");
		if (percent(&r, 65))
			put_elem("    ", "title", lang, lang, person_title[below(&r, NTITLE)]);
		put_elem("    ", "givenName", lang, lang, given_name[lang][below(&r, NNAME)]);
		put_elem("    ", "familyName", lang, lang, family_name[lang][below(&r, NNAME)]);
		unsigned roles = percent(&r, 80) ? 1 : 2;
		for (unsigned k = 0; k < roles; k++) {
			int unit = in->unit_count && percent(&r, 40) ? (int)below(&r, in->unit_count) : -1;
			static const unsigned top_roles[3] = {0, 1, 4}, unit_roles[3] = {2, 3, 5};
			unsigned role = unit < 0 ? top_roles[below(&r, 3)] : unit_roles[below(&r, 3)];
			party_id(id, sizeof id, p->inst, unit);
			putf("    <role at=\"%s\"", id);
			if (percent(&r, 30))
				putf(" start=\"%u\"", 2005 + below(&r, 20));
			put(">\n");
			put_elem("      ", "name", lang, lang, role_name[lang][role]);
			if (lang != L_EN)
				put_elem("      ", "name", L_EN, lang, role_name[L_EN][role]);
			put("    </role>\n");
		}
		if (percent(&r, 25)) {
			make_orcid(orcid, sizeof orcid, &r);
			putf("    <identifier scheme=\"orcid\">%s</identifier>\n", orcid);
		}
		put("  </person>\n");
	}
	if (out)
		close_out();
}

static void build_funders(uint32_t count)
{
	funder_count = count;
	funders = xmalloc(count * sizeof *funders);
	/* funders sit in the big research countries: weight squared */
	unsigned *weights = xmalloc(country_count * sizeof *weights);
	for (uint32_t i = 0; i < country_count; i++)
		weights[i] = countries[i].weight * countries[i].weight;
	programmes = xmalloc(count * 4 * sizeof *programmes);
	for (uint32_t f = 0; f < count; f++) {
		rng r = rng_for(STREAM_FUNDER, f);
		funder *fu = &funders[f];
		memset(fu, 0, sizeof *fu);
		fu->country = weighted(&r, weights, country_count);
		country *co = &countries[fu->country];
		fu->city = co->city_first + below(&r, co->city_count);
		fu->lang = (uint8_t)cities[fu->city].lang;
		fu->number = co->funders.count + 1;
		u32_push(&co->funders, f);
		co->used = 1;
		fu->prog_first = programme_count;
		fu->prog_count = (uint8_t)(1 + below(&r, 4));
		for (unsigned k = 0; k < fu->prog_count; k++) {
			programmes[programme_count].funder = f;
			programmes[programme_count].subject = (uint8_t)((f * 7 + k * 3 + below(&r, 3)) % NSUBJ);
			programme_count++;
		}
		char name[512];
		tpl_args a = {0};
		a.c = city_name(&cities[fu->city], fu->lang);
		expand(name, sizeof name, top_tpl[K_FUNDER][fu->lang], &a);
		make_acronym(fu->acronym, sizeof fu->acronym, name);
	}
	free(weights);
}

static void write_funders(void)
{
	char id[64], name[512];
	open_out("funders.xml");
	for (uint32_t f = 0; f < funder_count; f++) {
		const funder *fu = &funders[f];
		const country *co = &countries[fu->country];
		const city *c = &cities[fu->city];
		int lang = fu->lang;
		funder_id(id, sizeof id, f);
		putf("  <institution id=\"%s\" kind=\"funding-agency\" sources=\"dir-%s\"", id, co->lc);
		if (lang != L_EN)
			putf(" xml:lang=\"%s\"", lang_tag[lang]);
		put(">\n");
		for (int pass = 0; pass < (lang == L_EN ? 1 : 2); pass++) {
			int l = pass ? L_EN : lang;
			tpl_args a = {0};
			a.c = city_name(c, l);
			expand(name, sizeof name, top_tpl[K_FUNDER][l], &a);
			put_elem("    ", "name", l, lang, name);
		}
		if (fu->acronym[0])
			put_elem("    ", "acronym", lang, lang, fu->acronym);
		write_location("    ", c, co, lang, 1);
		putf("    <website>https://%s.example.org/</website>\n", id);
		put("  </institution>\n");
		for (unsigned k = 0; k < fu->prog_count; k++) {
			const programme *pr = &programmes[fu->prog_first + k];
			putf("  <programme id=\"%s-p%u\" funder=\"%s\" sources=\"dir-%s\"", id, k + 1, id, co->lc);
			if (lang != L_EN)
				putf(" xml:lang=\"%s\"", lang_tag[lang]);
			put(">\n");
			for (int pass = 0; pass < (lang == L_EN ? 1 : 2); pass++) {
				int l = pass ? L_EN : lang;
				tpl_args a = {0};
				a.s = subject[l][pr->subject];
				expand(name, sizeof name, programme_tpl[l], &a);
				put_elem("    ", "name", l, lang, name);
			}
			putf("    <website>https://%s.example.org/programmes/%u</website>\n", id, k + 1);
			put("  </programme>\n");
		}
	}
	close_out();
}

static void write_directory_sources(void)
{
	open_out("sources.xml");
	for (uint32_t i = 0; i < country_count; i++) {
		const country *co = &countries[i];
		if (!co->used)
			continue;
		putf("  <source id=\"dir-%s\" kind=\"report\" language=\"en\">\n", co->lc);
		put("    <title>Directory of research and health institutions: ");
		put_text(co->name_en);
		put("</title>\n");
		put("    <publisherName>Benchmark Directory Service</publisherName>\n");
		put("    <date>2025-01</date>\n");
		putf("    <url>https://directory.example.org/%s</url>\n", co->lc);
		put("  </source>\n");
	}
	close_out();
}

/* ---- dates ---- */

/* Days since 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's algorithm). */
static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

/* A date at year, month or day precision; truncating keeps the order of the days, so a later day
 * never becomes an earlier date at any precision. */
static void format_date(char *buf, size_t cap, int64_t days, unsigned precision)
{
	int y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	if (precision == 0)
		snprintf(buf, cap, "%04d", y);
	else if (precision == 1)
		snprintf(buf, cap, "%04d-%02u", y, m);
	else
		snprintf(buf, cap, "%04d-%02u-%02u", y, m, d);
}

static unsigned pick_precision(rng *r)
{
	static const unsigned w[3] = {20, 30, 50};
	return weighted(r, w, 3);
}

#define DAY_2000 10957 /* 2000-01-01 */

/* ---- agreements ---- */

typedef struct {
	uint32_t inst;
	int unit;
} party;

static uint32_t popularity_step;

/* Some institutions sign many agreements and most sign few: the rank is skewed towards 0 and
 * spread over the institutions by a fixed permutation (multiplying by a step coprime to the count). */
static uint32_t pick_popular(rng *r)
{
	double u = unit_interval(r);
	uint32_t rank = (uint32_t)(u * u * inst_count);
	if (rank >= inst_count)
		rank = inst_count - 1;
	return (uint32_t)(((uint64_t)rank * popularity_step + 7) % inst_count);
}

static uint32_t gcd32(uint32_t a, uint32_t b)
{
	while (b) {
		uint32_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static int has_inst(const party *ps, unsigned n, uint32_t inst)
{
	for (unsigned i = 0; i < n; i++)
		if (ps[i].inst == inst)
			return 1;
	return 0;
}

/* The news sources of the agreement that most recently reported one (ID number), kept so that some
 * press releases announce two agreements at once. */
static uint32_t last_press_source;

static void write_agreement(uint32_t n, uint32_t first_in_file)
{
	rng r = rng_for(STREAM_AGREEMENT, n);
	char buf[1024], buf2[1100], sa[256], sb[256], id[64];

	unsigned kind = weighted(&r, agr_kind_weight, AGR_KINDS);
	static const unsigned party_weight[4] = {60, 20, 12, 8};
	unsigned nparties = 2 + weighted(&r, party_weight, 4);
	party ps[5];
	int domestic = percent(&r, 25);
	ps[0].inst = pick_popular(&r);
	unsigned np = 1;
	const country *home = &countries[insts[ps[0].inst].country];
	for (unsigned tries = 0; np < nparties && tries < 60; tries++) {
		uint32_t cand;
		if (domestic && home->insts.count > np)
			cand = home->insts.items[below(&r, home->insts.count)];
		else {
			cand = pick_popular(&r);
			if (!domestic && insts[cand].country == insts[ps[0].inst].country && tries < 40)
				continue;
		}
		if (has_inst(ps, np, cand))
			continue;
		ps[np++].inst = cand;
	}
	if (np < 2) {
		/* a tiny dataset: take the next institution */
		ps[1].inst = (ps[0].inst + 1) % inst_count;
		np = 2;
	}
	for (unsigned i = 0; i < np; i++)
		ps[i].unit = insts[ps[i].inst].unit_count && percent(&r, 30) ? (int)below(&r, insts[ps[i].inst].unit_count)
		                                                            : -1;
	const institution *first = &insts[ps[0].inst];
	int lang = first->lang;

	/* status and dates: signed <= start <= end, in days */
	static const unsigned status_weight[4] = {8, 20, 47, 25};
	static const char *const status_token[4] = {"planned", "signed", "active", "ended"};
	unsigned status = weighted(&r, status_weight, 4);
	int64_t signed_day = -1, start_day = -1, end_day = -1;
	int64_t base = DAY_2000 + below(&r, 9200); /* 2000 .. mid 2025 */
	int with_duration = 0;
	switch (status) {
	case 0: /* planned */
		if (percent(&r, 60))
			start_day = base + 365;
		break;
	case 1: /* signed */
		signed_day = base;
		if (percent(&r, 70))
			start_day = base + below(&r, 200);
		if (start_day >= 0 && percent(&r, 30))
			end_day = start_day + 365 + below(&r, 1500);
		with_duration = start_day >= 0 && end_day < 0 && percent(&r, 40);
		break;
	case 2: /* active */
		if (percent(&r, 60))
			signed_day = base;
		if (percent(&r, 90))
			start_day = base + below(&r, 120);
		if (start_day >= 0 && percent(&r, 30))
			end_day = start_day + 365 + below(&r, 2000);
		else
			with_duration = percent(&r, 50);
		break;
	default: /* ended: needs an end date or a duration */
		if (percent(&r, 40))
			signed_day = base;
		start_day = base + below(&r, 90);
		if (percent(&r, 70))
			end_day = start_day + 180 + below(&r, 1800);
		else
			with_duration = 1;
		break;
	}
	char date_signed[16] = "", date_start[16] = "", date_end[16] = "";
	if (signed_day >= 0)
		format_date(date_signed, sizeof date_signed, signed_day, pick_precision(&r));
	if (start_day >= 0)
		format_date(date_start, sizeof date_start, start_day, pick_precision(&r));
	if (end_day >= 0)
		format_date(date_end, sizeof date_end, end_day, pick_precision(&r));
	char duration[32] = "";
	if (with_duration) {
		unsigned form = below(&r, 10);
		if (form < 5) {
			snprintf(duration, sizeof duration, "P%uY", 1 + below(&r, 5));
		} else if (form < 8) {
			snprintf(duration, sizeof duration, "P%uM", 6 + below(&r, 31));
		} else {
			/* one draw per statement: the order of evaluating arguments differs between compilers */
			unsigned years = 1 + below(&r, 4);
			unsigned months = 1 + below(&r, 11);
			snprintf(duration, sizeof duration, "P%uY%uM", years, months);
		}
	}

	/* sources: a press release by the first party, sometimes shared with the previous agreement,
	 * sometimes also a news article */
	inst_short(sa, sizeof sa, first, lang);
	inst_short(sb, sizeof sb, &insts[ps[1].inst], lang);
	uint32_t press;
	if (n > first_in_file && percent(&r, 35)) {
		press = last_press_source;
	} else {
		press = n + 1;
		int64_t pub_day = signed_day >= 0 ? signed_day : start_day >= 0 ? start_day : base;
		char pub[16];
		format_date(pub, sizeof pub, pub_day + below(&r, 3), 2);
		int y;
		unsigned m, d;
		civil_from_days(pub_day, &y, &m, &d);
		inst_id(id, sizeof id, ps[0].inst);
		putf("  <source id=\"s%u\" kind=\"press-release\" language=\"%s\" publisher=\"%s\"", press,
		     lang_tag[lang], id);
		if (lang != L_EN)
			putf(" xml:lang=\"%s\"", lang_tag[lang]);
		put(">\n");
		tpl_args a = {0};
		a.a = sa;
		a.b = sb;
		expand(buf, sizeof buf, press_title_tpl[lang], &a);
		put_elem("    ", "title", lang, lang, buf);
		putf("    <date>%s</date>\n", pub);
		putf("    <url>https://%s.example.org/news/%d/s%u</url>\n", id, y, press);
		if (percent(&r, 8)) {
			const char *given = given_name[lang][below(&r, NNAME)];
			const char *family = family_name[lang][below(&r, NNAME)];
			snprintf(buf, sizeof buf, "%s %s %s", photo_word[lang], given, family);
			put_elem("    ", "credit", lang, lang, buf);
		}
		put("  </source>\n");
		last_press_source = press;
	}
	int news = percent(&r, 6);
	if (news) {
		int64_t pub_day = (signed_day >= 0 ? signed_day : start_day >= 0 ? start_day : base) + 2;
		char pub[16];
		format_date(pub, sizeof pub, pub_day, 2);
		char sa_en[256], sb_en[256];
		inst_short(sa_en, sizeof sa_en, first, L_EN);
		inst_short(sb_en, sizeof sb_en, &insts[ps[1].inst], L_EN);
		putf("  <source id=\"n%u\" kind=\"news-article\" language=\"en\">\n", n + 1);
		put("    <title>New partnership between ");
		put_text(sa_en);
		put(" and ");
		put_text(sb_en);
		put("</title>\n");
		putf("    <publisherName>%s</publisherName>\n", news_publisher[below(&r, NNEWS)]);
		putf("    <date>%s</date>\n", pub);
		putf("    <url>https://news.example.com/%.4s/n%u</url>\n", pub, n + 1);
		put("  </source>\n");
	}

	putf("  <agreement id=\"a%u\" kind=\"%s\" status=\"%s\" sources=\"s%u", n + 1, agr_kind_token[kind],
	     status_token[status], press);
	if (news)
		putf(" n%u", n + 1);
	put("\"");
	if (lang != L_EN)
		putf(" xml:lang=\"%s\"", lang_tag[lang]);
	put(">\n");

	/* texts in the local language; most records also in English */
	int english = lang != L_EN && percent(&r, 60);
	for (int pass = 0; pass < (english ? 2 : 1); pass++) {
		int l = pass ? L_EN : lang;
		tpl_args a = {0};
		char pa[256], pb[256];
		inst_short(pa, sizeof pa, first, l);
		inst_short(pb, sizeof pb, &insts[ps[1].inst], l);
		a.a = pa;
		a.b = pb;
		a.k = agr_kind_name[l][kind];
		expand(buf, sizeof buf, agr_title_tpl[l], &a);
		if (np > 2) {
			snprintf(buf2, sizeof buf2, "%s (+%u)", buf, np - 2);
			put_elem("    ", "title", l, lang, buf2);
		} else {
			put_elem("    ", "title", l, lang, buf);
		}
	}
	for (unsigned i = 0; i < np; i++) {
		party_id(id, sizeof id, ps[i].inst, ps[i].unit);
		if (kind == A_FUNDED)
			putf("    <party ref=\"%s\" role=\"%s\"/>\n", id, i == 0 ? "coordinator" : "partner");
		else
			putf("    <party ref=\"%s\"/>\n", id);
	}
	if (date_signed[0])
		putf("    <signed>%s</signed>\n", date_signed);
	if (date_start[0])
		putf("    <start>%s</start>\n", date_start);
	if (date_end[0])
		putf("    <end>%s</end>\n", date_end);
	if (duration[0])
		putf("    <duration>%s</duration>\n", duration);
	unsigned nfields = percent(&r, 60) ? 1 : 2;
	unsigned field0 = ps[0].unit >= 0 ? unit_subjects[ps[0].inst * 4 + (unsigned)ps[0].unit] : first->subject;
	for (unsigned k = 0; k < nfields; k++) {
		unsigned s = (field0 + k * 3) % NSUBJ;
		put_elem("    ", "field", lang, lang, subject[lang][s]);
		if (english)
			put_elem("    ", "field", L_EN, lang, subject[L_EN][s]);
	}
	if (percent(&r, 8))
		put_elem("    ", "area", L_EN, lang, area_en[below(&r, NAREA)]);
	static const unsigned goal_weight[3] = {55, 35, 10};
	unsigned ngoals = weighted(&r, goal_weight, 3);
	unsigned goal0 = below(&r, NGOAL);
	for (unsigned k = 0; k < ngoals; k++) {
		unsigned g = (goal0 + k) % NGOAL;
		put_elem("    ", "goal", lang, lang, goal[lang][g]);
		if (english)
			put_elem("    ", "goal", L_EN, lang, goal[L_EN][g]);
	}
	if (percent(&r, 25)) {
		unsigned act = below(&r, NACT);
		put_elem("    ", "activity", lang, lang, activity[lang][act]);
		if (english)
			put_elem("    ", "activity", L_EN, lang, activity[L_EN][act]);
	}
	if (status == 3 && percent(&r, 50)) {
		unsigned o = below(&r, NOUT);
		put_elem("    ", "outcome", lang, lang, outcome[lang][o]);
		if (english)
			put_elem("    ", "outcome", L_EN, lang, outcome[L_EN][o]);
	}
	unsigned nfund = kind == A_FUNDED ? (percent(&r, 10) ? 2 : 1) : percent(&r, 5) ? 1 : 0;
	uint32_t last_funder = UINT32_MAX;
	for (unsigned k = 0; k < nfund && funder_count; k++) {
		/* prefer a funder of the coordinator's country */
		const country *co = &countries[first->country];
		uint32_t f = co->funders.count && percent(&r, 70) ? co->funders.items[below(&r, co->funders.count)]
		                                                 : below(&r, funder_count);
		if (f == last_funder)
			f = (f + 1) % funder_count;
		last_funder = f;
		funder_id(id, sizeof id, f);
		putf("    <funding funder=\"%s\"", id);
		if (percent(&r, 85))
			putf(" programme=\"%s-p%u\"", id, 1 + below(&r, funders[f].prog_count));
		if (percent(&r, 70))
			putf(" grant=\"%s-%.4s-%05u\"", countries[funders[f].country].cc, date_start[0] ? date_start : "2024",
			     below(&r, 100000));
		put("/>\n");
	}
	if (status != 0 && percent(&r, 35)) {
		unsigned nsig = percent(&r, 60) ? 2 : 1;
		for (unsigned k = 0; k < nsig && k < np; k++) {
			const institution *in = &insts[ps[k].inst];
			party_id(id, sizeof id, ps[k].inst, ps[k].unit);
			if (in->person_count && percent(&r, 75)) {
				putf("    <signatory person=\"p%u\" for=\"%s\"/>\n", in->person_first + 1 + below(&r, in->person_count),
				     id);
			} else {
				putf("    <signatory for=\"%s\">\n", id);
				put_elem("      ", "description", lang, lang, signatory_desc[lang]);
				if (english)
					put_elem("      ", "description", L_EN, lang, signatory_desc[L_EN]);
				put("    </signatory>\n");
			}
		}
	}
	if (n > 0 && percent(&r, 12)) {
		/* an earlier agreement, often in another file */
		uint32_t back = 1 + below(&r, n < 20000 ? n : 20000);
		putf("    <buildsOn ref=\"a%u\"/>\n", n + 1 - back);
	}
	if (percent(&r, 12)) {
		unsigned k = below(&r, np);
		const institution *in = &insts[ps[k].inst];
		if (in->person_count) {
			uint32_t pn = in->person_first + below(&r, in->person_count);
			putf("    <quote by=\"p%u\"", pn + 1);
			if (people[pn].lang != lang)
				putf(" xml:lang=\"%s\"", lang_tag[people[pn].lang]);
			put(">");
			put_text(quote_text[people[pn].lang][below(&r, NQUOTE)]);
			put("</quote>\n");
		}
	}
	put("  </agreement>\n");
}

static void write_agreements(uint32_t count, uint32_t per_file)
{
	uint32_t file_no = 0, first_in_file = 0;
	for (uint32_t n = 0; n < count; n++) {
		if (n % per_file == 0) {
			if (out)
				close_out();
			char fname[64];
			snprintf(fname, sizeof fname, "agreements-%04u.xml", ++file_no);
			open_out(fname);
			first_in_file = n;
		}
		write_agreement(n, first_in_file);
	}
	if (out)
		close_out();
}

static uint32_t parse_count(const char *s, const char *what)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v == 0 || v > 100000000ULL)
		die("%s must be a whole number from 1 to 100000000, not '%s'", what, s);
	return (uint32_t)v;
}

int main(int argc, char **argv)
{
	const char *data_dir = "data";
	uint32_t per_file = 5000;
	int argi = 1;
	for (; argi < argc && argv[argi][0] == '-' && argv[argi][1] == '-'; argi++) {
		if (strcmp(argv[argi], "--data") == 0 && argi + 1 < argc)
			data_dir = argv[++argi];
		else if (strcmp(argv[argi], "--seed") == 0 && argi + 1 < argc)
			g_seed = parse_count(argv[++argi], "--seed");
		else if (strcmp(argv[argi], "--per-file") == 0 && argi + 1 < argc)
			per_file = parse_count(argv[++argi], "--per-file");
		else if (strcmp(argv[argi], "--version") == 0) {
			puts("gen " GEN_VERSION);
			return 0;
		} else
			die("unknown option %s\nusage: gen [--data DIR] [--seed N] [--per-file N] AGREEMENTS OUTDIR",
			    argv[argi]);
	}
	if (argc - argi != 2)
		die("usage: gen [--data DIR] [--seed N] [--per-file N] AGREEMENTS OUTDIR");
	uint32_t agreements = parse_count(argv[argi], "AGREEMENTS");
	out_dir = argv[argi + 1];
	if (mkdir(out_dir, 0777) != 0 && errno != EEXIST)
		die("cannot create %s: %s", out_dir, strerror(errno));

	load_tables(data_dir);

	/* Ratios per agreement (see bench/README.md): 1/20 top-level institutions (at least 20), about
	 * 1.2 units each, 1.85 people each; 1/5000 funders (at least 6) with 2.5 programmes each. */
	uint32_t top = agreements / 20 < 20 ? 20 : agreements / 20;
	uint32_t nfunders = agreements / 5000 < 6 ? 6 : agreements / 5000;
	build_institutions(top);
	build_people();
	build_funders(nfunders);
	popularity_step = 1000003;
	while (gcd32(popularity_step, inst_count) != 1)
		popularity_step += 2;

	write_directory_sources();
	write_funders();
	write_institutions(25000);
	write_people(50000);
	write_agreements(agreements, per_file);

	uint32_t used = 0;
	for (uint32_t i = 0; i < country_count; i++)
		used += countries[i].used ? 1u : 0u;
	printf("agreements\t%u\ninstitutions\t%u\nunits\t%u\nfunders\t%u\nprogrammes\t%u\npeople\t%u\ncountries\t%u\n"
	       "bytes\t%llu\n",
	       agreements, inst_count, unit_total, funder_count, programme_count, person_count, used,
	       (unsigned long long)bytes_written);
	return 0;
}
