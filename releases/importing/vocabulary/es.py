"""What Spanish-language press releases write around their text, as organisations write it.

Phrases are folded (lower case, no accents or punctuation: `newsroom.text.folded`), which is
how the parser compares them; the entries that are regular expressions say so.
"""

# Lines above the headline that say what kind of document this is.
LABELS = (
    "comunicado", "comunicado de prensa", "comunicado conjunto", "comunicado a la opinion publica",
    "comunicado a los medios", "comunicado publico", "nota de prensa", "nota informativa", "nota para medios",
    "boletin", "boletin de prensa", "boletin informativo", "gacetilla", "gacetilla de prensa", "pronunciamiento",
    "pronunciamiento publico", "declaracion", "declaracion publica", "declaracion conjunta", "aviso de prensa",
    "aviso a medios", "convocatoria de prensa", "para difusion inmediata", "para su difusion inmediata",
    "difusion inmediata", "para publicacion inmediata", "para su publicacion inmediata", "aviso a los medios",
    "aviso a los medios de comunicacion", "aviso a medios de comunicacion", "convocatoria a medios",
    "convocatoria a los medios", "invitacion a medios", "comunicado oficial", "nota de prensa conjunta",
    "alerta de prensa", "comunicado urgente", "boletin de prensa conjunto",
)  # fmt: skip
# Regular expressions: what opens an embargo line ("EMBARGADO HASTA LAS 00:01 ...").
EMBARGO_OPENERS = (
    r"embargad[oa]\s+hasta", r"bajo\s+embargo(?:\s+hasta)?", r"embargo\s+hasta", r"embargo\s*:(?:\s*hasta)?",
    r"embargo\s+de\s+informaci[oó]n\s+hasta", r"no\s+publicar\s+antes\s+de(?:l)?",
)  # fmt: skip
BACKGROUND_HEADINGS = (
    "contexto", "antecedentes", "notas para editores", "nota para editores", "notas a editores",
    "notas para los editores", "notas para periodistas", "nota para periodistas", "notas para editoras y editores",
    "notas para medios", "nota para medios", "datos de contexto", "quienes somos", "datos clave",
    "notas", "ficha tecnica", "hoja informativa", "en cifras", "puntos clave",
    "para tener en cuenta", "informacion de contexto", "nota a los editores", "notas a los editores",
)  # fmt: skip
# "Acerca de la Red ...", "Sobre la Plataforma ...": a background section about someone.
ABOUT_OPENERS = ("acerca de", "acerca del", "sobre")
CONTACT_HEADINGS = (
    "contacto", "contactos", "contacto de prensa", "contactos de prensa", "contacto para medios",
    "contactos para medios", "contacto con medios", "contacto de medios", "contacto para prensa",
    "atencion a medios", "prensa", "medios", "informes", "oficina de prensa", "comunicacion",
    "contacto de comunicacion", "entrevistas", "para entrevistas", "solicitud de entrevistas",
    "mas informacion y entrevistas", "informacion y entrevistas", "prensa y entrevistas",
)  # fmt: skip
# Headings that announce links or contacts: what follows decides.
MORE_INFORMATION_HEADINGS = (
    "mas informacion", "para mas informacion", "mayor informacion", "para mayor informacion",
    "informacion adicional", "mas info",
)  # fmt: skip
LINK_HEADINGS = (
    "ligas y materiales de interes", "ligas de interes", "ligas", "enlaces", "enlaces de interes", "materiales",
    "materiales de interes", "materiales para prensa", "materiales para medios", "material para medios",
    "ligas y recursos", "recursos", "recursos para medios", "referencias", "documentos", "descargas",
    "material descargable", "enlaces relacionados", "ligas relacionadas",
)  # fmt: skip
# Words before the organisations that sign ("Atentamente,", "Firman:").
SIGN_OFFS = (
    "atentamente", "cordialmente", "saludos", "firman", "firmantes", "firma", "suscriben", "organizaciones firmantes",
    "firmado por", "emitido por", "publicado por", "fdo", "firmado", "convocan", "convoca", "convocantes",
    "organizan", "organiza", "suscriben las organizaciones", "adhieren", "firman las organizaciones", "difundido por",
)  # fmt: skip
FOLLOW_US = (
    "siguenos", "siguenos en", "seguinos", "seguinos en", "encontranos en", "visitanos en", "visitanos",
    "siguenos en redes", "siguenos en redes sociales", "redes sociales",
    "encuentranos en", "nuestras redes", "siguenos en nuestras redes",
)  # fmt: skip
# Regular expressions: "Para entrevistas con X, comunicarse con: ...".
INTERVIEW_OPENERS = (
    r"para\s+(?:agendar\s+|solicitar\s+|concertar\s+|coordinar\s+|programar\s+)?(?:una\s+|las\s+)?entrevistas?\s+(?:con|a)",
    r"solicitudes\s+de\s+entrevistas?\s+(?:con|a)",
)  # fmt: skip
# A heading over the people journalists may interview (the press contact comes after them).
SPOKESPEOPLE_HEADINGS = (
    "vocerias", "voceria", "voceros", "voceras", "voceros y voceras", "portavoces", "disponibles para entrevistas",
    "personas disponibles para entrevistas", "entrevistas disponibles", "voceros disponibles",
)  # fmt: skip
AVAILABLE_FOR_INTERVIEW = (
    r"(?:est[aá]n?|estar[aá]n?|queda(?:n)?)\s+disponibles?\s+para\s+(?:dar\s+|conceder\s+|ofrecer\s+)?"
    r"(?:entrevistas?|declaraciones)",
    r"(?:atender[aá]n?|conceder[aá]n?|dar[aá]n?)\s+(?:entrevistas?|declaraciones)",
)
CONTACT_VERBS = (
    r"(?:favor\s+de\s+|por\s+favor\s+)?(?:comunicarse|comun[ií]quese|comun[ií]cate|contactar(?:se)?|cont[aá]ctese"
    r"|cont[aá]ctate|cont[aá]ctanos|contacte|llamar|ll[aá]manos|escribir|escr[ií]benos)(?:\s+(?:a|con))?",
)
# The header lines of an email (folded) -> what they say.
ENVELOPE_LABELS = {
    "de": "from", "remitente": "from", "para": "to", "cc": "to", "cco": "to", "enviado": "date", "fecha": "date",
    "asunto": "subject", "responder a": "to", "enviado el": "date",
}  # fmt: skip
# What a subject line says before the headline ("Comunicado:", "Nota de prensa |").
SUBJECT_LABELS = ("comunicado", "nota", "prensa", "urgente", "importante", "embargo")
# "Fecha: 3 de marzo de 2025" above the headline.
DATE_LABELS = ("fecha", "publicado", "emitido", "fecha de publicacion")
# Labels before a phone number or an address; those of mobile numbers apart.
DETAIL_LABELS = (
    "tel", "tels", "telefono", "telefonos", "tel oficina", "oficina", "cel", "celular", "movil", "whatsapp",
    "correo", "correo electronico", "email", "e mail", "mail", "fax", "conmutador",
)  # fmt: skip
MOBILE_LABELS = ("cel", "celular", "movil", "whatsapp")
# The header cells of a table of contacts (folded) -> what the column holds.
CONTACT_COLUMNS = {
    "nombre": "name", "nombre y apellido": "name", "contacto": "name", "persona": "name", "vocero": "name",
    "vocera": "name", "cargo": "role", "puesto": "role", "rol": "role", "funcion": "role",
    "organizacion": "organisation", "institucion": "organisation", "entidad": "organisation",
    "telefono": "phone", "tel": "phone", "telefonos": "phone", "celular": "mobile", "movil": "mobile",
    "cel": "mobile", "whatsapp": "mobile", "correo": "email", "correo electronico": "email", "email": "email",
    "e mail": "email",
}  # fmt: skip
# A contact's role is written with these words ("coordinadora de comunicación").
ROLE_WORDS = (
    "director", "directora", "coordinador", "coordinadora", "vocero", "vocera", "portavoz", "periodista", "encargado",
    "encargada", "responsable", "jefe", "jefa", "presidente", "presidenta", "secretario", "secretaria", "asesor",
    "asesora", "investigador", "investigadora", "abogado", "abogada", "analista", "oficial", "comunicadora",
    "comunicador", "ejecutivo", "ejecutiva", "general", "adjunto", "adjunta", "comunicacion", "comunicaciones",
    "prensa", "medios", "programa", "programas", "incidencia", "campanas", "relaciones", "publicas", "institucional",
    "area", "integrante", "miembro", "fundador", "fundadora", "representante", "enlace",
)  # fmt: skip
# Written before a name, not part of it ("Lic. Ana Ruiz" is Ana Ruiz).
HONORIFICS = ("dr", "dra", "lic", "licda", "mtra", "mtro", "ing", "prof", "sr", "sra", "srta", "abog", "arq")
# Words that make a name an organisation's rather than a person's.
ORGANISATION_WORDS = (
    "asociacion", "fundacion", "red", "colectivo", "coordinadora", "centro", "instituto", "observatorio", "coalicion",
    "alianza", "sindicato", "federacion", "plataforma", "comite", "comision", "movimiento", "frente", "corporacion",
    "consejo", "mesa", "union", "organizacion", "articulo", "iniciativa", "proyecto", "programa", "laboratorio",
    "colegio", "camara", "confederacion", "agrupacion", "grupo", "comunidad", "asamblea", "cooperativa", "liga",
    "accion", "defensoria", "clinica", "universidad", "ac", "sc", "iap",
)  # fmt: skip
# A line of these is an office, not a person ("Departamento de Comunicación").
OFFICE_WORDS = ("departamento", "oficina", "area", "direccion", "coordinacion", "gabinete", "unidad")
FUNCTION_WORDS = (
    "de", "del", "la", "las", "el", "los", "para", "por", "en", "y", "e", "a", "al", "con", "sobre", "contra", "o", "u",
)  # fmt: skip
# A line or heading that opens the version of the release in another language.
LANGUAGE_MARKERS = (
    "espanol", "version en espanol", "en espanol", "castellano", "version en castellano", "comunicado en espanol",
)  # fmt: skip
# A line at the top saying the other language follows.
LANGUAGE_NOTES = (
    "version en ingles abajo", "version en ingles mas abajo", "ingles abajo", "en ingles abajo",
    "english version below", "version en espanol abajo", "espanol abajo", "mas abajo en ingles",
)  # fmt: skip
# Frequent words, to tell the language of a text (separated by spaces).
COMMON_WORDS = (
    "de la que el en y los del las por un una para con se su al lo como más pero sus le ya este porque esta entre "
    "cuando muy sin sobre también hasta hay donde quien desde todo nos durante todos uno les ni contra otros ese eso "
    "ante ellos esto antes algunos unos otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella "
    "estas algunas algo nosotros es son fue ha han será están dijo"
)
MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "ene": 1, "abr": 4, "ago": 8, "dic": 12,
}  # fmt: skip
WEEKDAYS = ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")
# Time zones named in words (folded) -> IANA zone.
ZONE_WORDS = {
    "hora del centro": "America/Mexico_City", "tiempo del centro": "America/Mexico_City",
    "hora centro": "America/Mexico_City", "hora de la ciudad de mexico": "America/Mexico_City",
    "hora de ciudad de mexico": "America/Mexico_City", "hora de mexico": "America/Mexico_City",
    "hora peninsular": "Europe/Madrid", "hora de madrid": "Europe/Madrid", "hora de espana": "Europe/Madrid",
    "hora espanola": "Europe/Madrid", "hora de canarias": "Atlantic/Canary", "hora canaria": "Atlantic/Canary",
    "hora argentina": "America/Argentina/Buenos_Aires", "hora de argentina": "America/Argentina/Buenos_Aires",
    "hora de buenos aires": "America/Argentina/Buenos_Aires", "hora de bogota": "America/Bogota",
    "hora de colombia": "America/Bogota", "hora colombiana": "America/Bogota", "hora de lima": "America/Lima",
    "hora del peru": "America/Lima", "hora de peru": "America/Lima", "hora peruana": "America/Lima",
    "hora de chile continental": "America/Santiago", "hora de chile": "America/Santiago",
    "hora chilena": "America/Santiago", "hora de santiago": "America/Santiago",
    "hora de montevideo": "America/Montevideo", "hora de uruguay": "America/Montevideo",
    "hora de caracas": "America/Caracas", "hora de venezuela": "America/Caracas",
    "hora de quito": "America/Guayaquil", "hora de ecuador": "America/Guayaquil", "hora de la paz": "America/La_Paz",
    "hora de bolivia": "America/La_Paz", "hora de asuncion": "America/Asuncion", "hora de paraguay": "America/Asuncion",
    "hora de guatemala": "America/Guatemala", "hora de costa rica": "America/Costa_Rica",
    "hora de el salvador": "America/El_Salvador", "hora de honduras": "America/Tegucigalpa",
    "hora de nicaragua": "America/Managua", "hora de panama": "America/Panama", "hora de la habana": "America/Havana",
    "hora de cuba": "America/Havana", "hora de santo domingo": "America/Santo_Domingo",
    "hora de puerto rico": "America/Puerto_Rico", "hora del este": "America/New_York",
    "hora de nueva york": "America/New_York", "hora de washington": "America/New_York",
    "hora de londres": "Europe/London", "hora de brasilia": "America/Sao_Paulo",
    "hora dominicana": "America/Santo_Domingo", "hora paraguaya": "America/Asuncion",
    "hora uruguaya": "America/Montevideo", "hora venezolana": "America/Caracas", "hora boliviana": "America/La_Paz",
    "hora ecuatoriana": "America/Guayaquil", "hora guatemalteca": "America/Guatemala",
    "hora costarricense": "America/Costa_Rica", "hora tica": "America/Costa_Rica", "hora panamena": "America/Panama",
    "hora cubana": "America/Havana", "hora puertorriquena": "America/Puerto_Rico",
    "hora hondurena": "America/Tegucigalpa", "hora nicaraguense": "America/Managua",
    "hora salvadorena": "America/El_Salvador", "hora mexicana": "America/Mexico_City",
    "hora del pacifico": "America/Los_Angeles", "hora de la costa este": "America/New_York",
    "hora del este de estados unidos": "America/New_York", "hora de europa central": "Europe/Madrid",
    "hora central europea": "Europe/Paris", "hora britanica": "Europe/London", "hora brasilena": "America/Sao_Paulo",
}  # fmt: skip
