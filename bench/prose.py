"""Spanish press-release text for the benchmark's newsroom (bench/generate.py), made fast.

A body is ~600 words of Markdown: paragraphs (some opening in bold, some with a quote), `##`
section headings, one list and a closing link, in the voice of civil-society organisations that
denounce surveillance and defend transparency. Writing 100,000 of them sentence by sentence would
take minutes, so each run first writes a pool of paragraphs and every body is drawn from it: no
two bodies are alike, and the vocabulary is spread as in real text.

Two words are planted at known rates, so that search can be measured on a common and a rare
word: COMMON_WORD in about half of the releases, RARE_WORD in one in a thousand.
"""

import random

COMMON_WORD = "vigilancia"
COMMON_RATE = 0.5
RARE_WORD = "ornitorrinco"
RARE_EVERY = 1000

SUBJECTS = [
    "la coalición",
    "el colectivo",
    "la red de organizaciones",
    "el observatorio",
    "la organización",
    "el equipo de investigación",
    "la defensoría",
    "el consejo consultivo",
    "la asamblea",
    "el frente civil",
]
PEOPLE = [
    "la directora ejecutiva",
    "el coordinador de litigio",
    "la investigadora principal",
    "el portavoz de la red",
    "la abogada de la organización",
    "el responsable de incidencia",
    "la presidenta del consejo",
    "el periodista integrante del colectivo",
]
VERBS = [
    "denunció",
    "documentó",
    "exigió",
    "advirtió sobre",
    "presentó pruebas de",
    "reiteró su rechazo a",
    "pidió investigar",
    "señaló",
    "cuestionó",
    "solicitó información sobre",
    "impugnó",
    "expuso",
]
OBJECTS = [
    "la compra de programas espía sin control judicial",
    "el uso de datos personales sin consentimiento",
    "la opacidad en los contratos de seguridad",
    "la falta de respuesta a las solicitudes de información",
    "el hostigamiento contra periodistas y personas defensoras",
    "la reforma que amplía las facultades de intervención",
    "el cierre del portal de datos abiertos",
    "la reserva indebida de expedientes públicos",
    "la instalación de cámaras con reconocimiento facial",
    "el registro obligatorio de telefonía móvil",
    "la ausencia de controles sobre las agencias de inteligencia",
    "los sobreprecios en la adquisición de equipos",
    "la negativa a publicar los criterios de asignación",
    "el debilitamiento del órgano garante de transparencia",
    "las intervenciones de comunicaciones a defensoras de derechos humanos",
    "la falta de protocolos para proteger a las fuentes periodísticas",
]
COMPLEMENTS = [
    "ante la Comisión de Derechos Humanos",
    "en conferencia de prensa",
    "durante la audiencia pública",
    "con base en documentos obtenidos por transparencia",
    "según el peritaje técnico independiente",
    "frente a las autoridades federales",
    "en un informe de cuarenta páginas",
    "tras meses de investigación",
    "en coordinación con organizaciones internacionales",
    "ante el pleno del órgano garante",
    "con el respaldo de academias y gremios periodísticos",
    "en una carta dirigida al Congreso",
]
CONNECTORS = [
    "Además,",
    "Por otra parte,",
    "Asimismo,",
    "En este sentido,",
    "De acuerdo con el documento,",
    "Según los testimonios recabados,",
    "En consecuencia,",
    "Al mismo tiempo,",
    "",
    "",
    "",
]
QUOTES = [
    "«No aceptaremos que se normalice el espionaje contra quienes ejercen el periodismo»",
    "«La transparencia no es una concesión: es una obligación del Estado»",
    "«Exigimos una investigación independiente, exhaustiva y con resultados públicos»",
    "«Cada contrato reservado es una pregunta que la ciudadanía tiene derecho a hacer»",
    "«Sin controles democráticos, la tecnología de espionaje se convierte en persecución»",
]
HEADINGS = [
    "Lo que documentamos",
    "Hallazgos principales",
    "Exigencias",
    "Contexto",
    "Próximos pasos",
    "Qué dicen los documentos",
    "Metodología",
    "Cronología",
    "Llamado a las autoridades",
]
PLACES = ["Ciudad de México", "Guadalajara", "Monterrey", "Oaxaca de Juárez", "Mérida", "Puebla", "Xalapa"]
TITLE_VERBS = ["denuncia", "exige", "documenta", "presenta", "advierte sobre", "impugna", "revela"]
TITLE_TAILS = [
    "",
    "",
    "en informe anual",
    "ante el Congreso",
    "a un año de la reforma",
    "y pide investigación independiente",
    "con {n} casos documentados",
    "en {n} estados del país",
]


def sentence(rng):
    if rng.random() < 0.5:
        subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    else:
        subject, verb = rng.choice(PEOPLE), rng.choice(VERBS)
    parts = [rng.choice(CONNECTORS), subject, verb, rng.choice(OBJECTS), rng.choice(COMPLEMENTS)]
    text = " ".join(part for part in parts if part)
    return text[0].upper() + text[1:] + "."


def paragraph(rng):
    sentences = [sentence(rng) for _ in range(rng.randint(3, 5))]
    if rng.random() < 0.25:
        sentences.insert(rng.randrange(len(sentences) + 1), f"{rng.choice(QUOTES)}, afirmó {rng.choice(PEOPLE)}.")
    if rng.random() < 0.2:
        sentences[0] = f"**{sentences[0]}**"
    return " ".join(sentences)


class Writer:
    """Release texts from one seed: the same seed gives the same newsroom."""

    def __init__(self, seed=1, pool_size=3000):
        self.rng = random.Random(seed)
        self.pool = [paragraph(self.rng) for _ in range(pool_size)]

    def title(self, organisation):
        tail = self.rng.choice(TITLE_TAILS).format(n=self.rng.randint(3, 90))
        title = f"{organisation} {self.rng.choice(TITLE_VERBS)} {self.rng.choice(OBJECTS)} {tail}".strip()
        return title[:280]

    def summary(self):
        return "\n".join(sentence(self.rng).rstrip(".") for _ in range(3))

    def background(self):
        return "\n".join(f"- {sentence(self.rng)}" for _ in range(3))

    def body(self, index, website):
        rng = self.rng
        blocks = []
        headings = rng.sample(HEADINGS, 3)
        for section, heading in enumerate(headings):
            if section:
                blocks.append(f"## {heading}")
            blocks += rng.sample(self.pool, 3 if section == 0 else 2)
            if section == 1:
                blocks.append("\n".join(f"- {rng.choice(OBJECTS).capitalize()}." for _ in range(4)))
        if rng.random() < COMMON_RATE:
            blocks.append(f"La {COMMON_WORD} sin controles afecta a toda la sociedad.")
        if index % RARE_EVERY == 0:
            blocks.append(f"El caso fue bautizado por las víctimas como «operación {RARE_WORD}».")
        blocks.append(f"Más información en [{website.split('//', 1)[1]}]({website}).")
        return "\n\n".join(blocks) + "\n"

    def place(self):
        return self.rng.choice(PLACES)
