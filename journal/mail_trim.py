"""The new text of a mail: quoted history, forwarded headers and signatures cut as mail clients write them.

A reply carries the whole conversation below an attribution line ("On … wrote:", "Am … schrieb:",
"-----Original Message-----", Outlook's "From: … Sent: …" block) and ends with what the client or
the writer adds (`-- `, "Sent from my iPhone", a title-and-phone block under the name). The journal
keeps what the person wrote this time. The words are those of Gmail, Outlook (desktop and web),
Apple Mail, iOS, Android, Thunderbird, Yahoo and Zoho in English, German, French, Spanish, Italian,
Portuguese, Dutch, Swedish, Norwegian, Danish, Finnish and Russian; `tests/data/mail/trim/`
measures how often the result is exactly right.
"""

from __future__ import annotations

import re

_WROTE = re.compile(
    r"(?<!\w)(?:wrote|writes|schrieb|a\s+écrit|écrit|escribió|escribio|ha\s+scritto|scrisse|escreveu|schreef|"
    r"skrev|kirjoitti|написал\(а\)|написала|написал|пишет)(?!\w)",
    re.IGNORECASE,
)
_START = re.compile(
    r"^(?:On|Am|Le|El|Il|Em|Op|Den|På|Dne|\d|[^\W\d_]{2,4}\.?,?\s+\d|[^\W\d_]+,?\s+\d|[^\W\d_]+day,)", re.IGNORECASE
)
"""How an attribution line starts: a preposition ("On", "Am", "Le" …) or a date ("tir. 24. nov.", "вт, 24 нояб.")."""
_TIME_OR_ADDRESS = re.compile(r"\d|@")
_SEPARATOR = re.compile(
    r"^\s*[-=_*]{2,}\s*(?:Original(?:\s+Message|nachricht|meddelande|besked)?|Ursprüngliche\s+Nachricht|"
    r"Message\s+d['’]origine|Message\s+original|Mensaje\s+original|Messaggio\s+originale|Mensagem\s+original|"
    r"Oorspronkelijk\s+bericht|Origineel\s+bericht|Ursprungligt\s+meddelande|Opprinnelig\s+melding|"
    r"Original\s+melding|Oprindelig\s+meddelelse|Alkuperäinen\s+viesti|Исходное\s+сообщение|"
    r"Forwarded\s+message|Weitergeleitete\s+Nachricht|Message\s+transf[ée]r[ée]|Mensaje\s+reenviado|"
    r"Messaggio\s+inoltrato|Mensagem\s+encaminhada|Doorgestuurd\s+bericht|Vidarebefordrat\s+meddelande|"
    r"Videresendt\s+(?:melding|meddelelse|besked)|Välitetty\s+viesti|Пересылаемое\s+сообщение|"
    r"Переадресованное\s+сообщение)\s*[-=_*]*\s*:?\s*$",
    re.IGNORECASE,
)
_FORWARD_START = re.compile(
    r"^\s*(?:Begin\s+forwarded\s+message|Anfang\s+der\s+weitergeleiteten\s+(?:Nachricht|E-Mail)|"
    r"Début\s+du\s+message\s+(?:réexpédié|transféré)|Inicio\s+del\s+mensaje\s+reenviado|"
    r"Inizio\s+messaggio\s+inoltrato|Início\s+da\s+mensagem\s+(?:reencaminhada|encaminhada)|"
    r"Begin\s+doorgestuurd\s+bericht|Vidarebefordrat\s+brev|Videresendt\s+(?:melding|e-post)|"
    r"Välitetty\s+viesti|Начало\s+переадресованного\s+сообщения)\s*:\s*$",
    re.IGNORECASE,
)
_HEADER_WORDS = {
    "from": "From|Von|De|Da|Van|Från|Fra|Lähettäjä|От|Afzender",
    "other": (
        "Sent|Date|Gesendet|Datum|Envoyé|Enviado|Enviada|Fecha|Inviato|Data|Verzonden|Skickat|Sendt|Dato|"
        "Lähetetty|Päivämäärä|Отправлено|Дата|To|An|À|A|Para|Aan|Till|Til|Vastaanottaja|Кому|Cc|Kopie|"
        "Subject|Betreff|Objet|Asunto|Oggetto|Assunto|Onderwerp|Ämne|Emne|Aihe|Тема"
    ),
}
_FROM_LINE = re.compile(rf"^\s*\**\s*(?:{_HEADER_WORDS['from']})\s*\**\s*:\s*\**\s*\S", re.IGNORECASE)
_OTHER_LINE = re.compile(rf"^\s*\**\s*(?:{_HEADER_WORDS['other']})\s*\**\s*:", re.IGNORECASE)
_RULE = re.compile(r"^\s*(?:_{8,}|-{8,}|={8,})\s*$")
_SIGNATURE_DASHES = re.compile(r"^(?:--|—|__)\s?$")
_SENT_FROM = re.compile(
    r"^\s*(?:Sent|Sendt|Skickat|Envoyé|Envoye|Enviado|Inviato|Verzonden|Verstuurd|Gesendet|Von\s+meinem|"
    r"Lähetetty|Отправлено|Get|Holen\s+Sie\s+sich|Obtenir|Obtener|Scarica|Baixe|Descargar|Download|Hanki)\b.{0,70}$",
    re.IGNORECASE,
)
_DEVICE = re.compile(
    r"(?:iPhone|iPad|Android|Galaxy|Samsung|Pixel|Outlook|Zoho|Yahoo|Gmail|BlackBerry|Huawei|Xiaomi|"
    r"mobil|Mail\s+for\s+Windows|Mail\.ru|smartphone|смартфон|Яндекс|Proton)",
    re.IGNORECASE,
)
_VALEDICTION = re.compile(
    r"^\s*(?:(?:best|kind|warm|many\s+thanks\s+and\s+best)?\s*(?:regards|wishes)|best|all\s+the\s+best|cheers|"
    r"thanks|thank\s+you|many\s+thanks|sincerely|yours\s+sincerely|yours|talk\s+soon|"
    r"(?:viele|liebe|beste|freundliche|schöne)\s+grüße|mit\s+freundlichen\s+grüßen|lg|vg|mfg|gruß|"
    r"cordialement|bien\s+(?:cordialement|à\s+vous)|bonne\s+journée|merci|"
    r"saludos(?:\s+cordiales)?|un\s+saludo|atentamente|gracias|"
    r"cordiali\s+saluti|saluti|un\s+saluto|grazie|"
    r"atenciosamente|abraços|obrigad[oa]|cumprimentos|"
    r"met\s+vriendelijke\s+groet(?:en)?|groeten|hartelijke\s+groet|"
    r"med\s+vänliga\s+hälsningar|vänliga\s+hälsningar|hälsningar|mvh|med\s+venlig\s+hilsen|venlig\s+hilsen|"
    r"med\s+vennlig\s+hilsen|vennlig\s+hilsen|hilsen|ystävällisin\s+terveisin|terveisin|"
    r"с\s+уважением|спасибо|всего\s+доброго)\s*[,.!]?\s*$",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"confidential|intended\s+(?:solely\s+)?for|received\s+(?:it|this)\s+in\s+error|vertraulich|"
    r"irrtümlich|confidentiel|confidencial|riservat|vertrouwelijk|konfidentiell|fortrolig|luottamuksellinen|"
    r"конфиденциальн",
    re.IGNORECASE,
)
"""A company's legal footer ("This email … is confidential …"): boilerplate, not what the person wrote."""
_PLACEHOLDER = re.compile(r"^\s*\[(?:cid:|image:)[^\]]*\]\s*$", re.IGNORECASE)
_PS = re.compile(r"^\s*P\.?\s?S\b", re.IGNORECASE)
_SIGNATURE_LINES = 8
"""At most this many short lines under the name are taken for a signature block (title, company, phone)."""


def trim(text: str) -> str:
    """The new text of a message body (plain text); the whole text when trimming would leave nothing."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    start, end = _history_start(lines)
    kept = lines[:start]
    if end is not None and _answers_inline(lines[end + 1 :]):
        kept += lines[end + 1 :]  # the attribution goes; the quoted questions stay beside their answers
    kept = _drop_signature(_drop_trailing_quote(kept))
    kept = [line for line in kept if not _PLACEHOLDER.match(line)]
    result = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
    return result if result.strip() else text.strip("\n")


def _history_start(lines: list[str]) -> tuple[int, int | None]:
    """Where quoted or forwarded history starts (len(lines) when there is none), and where its
    attribution line ends when it starts with one ("On … wrote:"; None for a forward or header block)."""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if _SEPARATOR.match(line) or _FORWARD_START.match(line):
            return index, None
        if _FROM_LINE.match(line) and _header_block(lines, index):
            return _before_rules(lines, index), None
        start = _attribution_start(lines, index)
        if start is not None:
            return start, index
    return len(lines), None


def _answers_inline(rest: list[str]) -> bool:
    """Whether the text under an attribution answers it inline: the writer's own lines between `>` quotes.

    (Then they are the new text, and cutting at the attribution would lose them.) Another
    quoted header in there ends the search: what lies below it is older history.
    """
    filled = [index for index, line in enumerate(rest) if line.strip()]
    if not filled or not rest[filled[0]].lstrip().startswith(">"):
        return False  # unquoted history (Zoho, Outlook): nothing here answers anything
    own = next((index for index in filled if not rest[index].lstrip().startswith(">")), None)
    if own is None:
        return False
    return _history_start(rest[own:])[0] != 0  # an older message's header is history, not an answer


def _header_block(lines: list[str], index: int) -> bool:
    """A `From:` line followed closely by `Sent:`/`Date:`/`To:`/`Subject:` lines: a quoted message's headers."""
    following = [line for line in lines[index + 1 : index + 6] if line.strip()][:4]
    return sum(1 for line in following if _OTHER_LINE.match(line)) >= 2


def _before_rules(lines: list[str], index: int) -> int:
    """Step back over the blank lines and the rule (`_____`) that Outlook puts above a quoted header."""
    start = index
    while start > 0 and (not lines[start - 1].strip() or _RULE.match(lines[start - 1])):
        start -= 1
    return start if start < index and any(_RULE.match(line) for line in lines[start:index]) else index


def _attribution_start(lines: list[str], end: int) -> int | None:
    """Where an attribution ("On Tue, … Jane <jane@…> wrote:") ending at line `end` starts, if one does.

    Clients wrap a long attribution over two or three lines; it counts when it holds a
    "wrote" word and ends with `:` (Zoho: `----`), or, without one (Gmail in Russian,
    Norwegian), when it has a time or an address, ends with `:` and quoted lines follow.
    """
    line = lines[end].strip()
    zoho = line.endswith("----") and line.startswith("----")
    if not (line.endswith(":") or zoho):
        return None
    quoted_next = next((item.lstrip().startswith(">") for item in lines[end + 1 :] if item.strip()), False)
    found: int | None = None
    for back in range(3):
        start = end - back
        if start < 0 or not lines[start].strip():
            break
        block = " ".join(item.strip() for item in lines[start : end + 1])
        if len(block) > 300 or not _TIME_OR_ADDRESS.search(block):
            break
        opening = _START.match(lines[start].strip().lstrip("-").strip()) is not None
        if opening and (_WROTE.search(block) or quoted_next):
            return start
        if back == 0 and _WROTE.search(block):
            found = start  # "Jane Doe <jane@…> kirjoitti …:", unless an opening wrapped onto the lines above
    return found


def _drop_trailing_quote(lines: list[str]) -> list[str]:
    """Quoted (`>`) lines and blanks at the end are history too (a bottom quote with no attribution)."""
    end = len(lines)
    while end > 0 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith(">")):
        end -= 1
    return lines[:end]


def _drop_disclaimer(lines: list[str]) -> list[str]:
    """Cut a last paragraph that is a legal footer (long, and worded like one), with the blank lines before it."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and lines[start - 1].strip():
        start -= 1
    footer = " ".join(lines[start:end])
    if start and len(footer) >= 100 and _DISCLAIMER.search(footer):
        return _drop_trailing_quote(lines[:start])
    return lines


def _drop_signature(lines: list[str]) -> list[str]:
    """Cut the signature: from `-- `, a client's "Sent from my …" line, or the block under the name after a sign-off."""
    for index, line in enumerate(lines):
        if index and _SIGNATURE_DASHES.match(line) and any(item.strip() for item in lines[:index]):
            lines = lines[:index]
            break
    for index, line in enumerate(lines):
        if _SENT_FROM.match(line) and _DEVICE.search(line) and not any(_PS.match(item) for item in lines[index:]):
            lines = lines[:index]
            break
    lines = _drop_disclaimer(_drop_trailing_quote(lines))
    for index in range(len(lines) - 1, -1, -1):
        if not _VALEDICTION.match(lines[index]):
            continue
        rest = [line for line in lines[index + 1 :] if line.strip()]
        if not rest:
            break
        name, block = rest[0], rest[1:]
        if len(name) > 60 or len(block) > _SIGNATURE_LINES or any(_PS.match(item) for item in block):
            break
        if all(len(item.strip()) <= 80 and not item.rstrip().endswith(("?", "!")) for item in block):
            name_at = lines.index(name, index + 1)
            return lines[: name_at + 1]
        break
    return lines
