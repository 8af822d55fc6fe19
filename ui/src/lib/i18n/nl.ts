import type { Messages } from './en';

// Nederlands. `Messages` makes the compiler reject a missing or an extra key.
export const nl: Messages = {
  'app.name': 'IoT HTTPS-assistent',
  'app.version': 'Versie {version}',
  'app.loading': 'Bezig met starten…',

  'header.language': 'Taal',
  'header.demoBadge': 'Demomodus',
  'header.demoBadgeHint': 'Alleen de demobox op deze computer kan worden benaderd.',

  'steps.label': 'Stappen',
  'steps.box': 'Box',
  'steps.credentials': 'Gegevens',
  'steps.generate': 'Aanmaken',
  'steps.validity': 'Geldigheid',
  'steps.done': 'Klaar',
  'steps.current': 'huidige stap',
  'steps.locked': 'nog niet beschikbaar',

  'box.title': 'Welke IoT-box?',
  'box.intro':
    'Vul het adres van de IoT-box in, zoals het op het scherm van de box of in Odoo staat. De assistent leest de box via gewoon HTTP (poort 8069); dat werkt al voordat er een certificaat is.',
  'box.addressLabel': 'Adres van de box',
  'box.addressPlaceholder': '192.168.1.50 of 192.168.1.50:8069',
  'box.addressHint': 'Een IP-adres, eventueel met een poort. Zonder poort wordt 8069 gebruikt.',
  'box.connect': 'Verbinden',
  'box.useDemo': 'Demobox gebruiken',
  'box.connecting': 'Verbinden met {address}…',
  'box.startingDemo': 'De demobox wordt gestart…',
  'box.cancel': 'Niet meer wachten',
  'box.cancelled': 'Er wordt niet meer op de box gewacht. Er is niets aan de box veranderd.',
  'box.next': 'Volgende: gegevens',
  'box.nextSoon': 'De stap voor de gegevens is nog niet beschikbaar.',

  'check.empty': 'Vul het IP-adres van de box in, bijvoorbeeld 192.168.1.50.',
  'check.https':
    'Laat https:// weg: de assistent gebruikt het gewone HTTP-adres van de box (poort 8069), dat al werkt voordat er een certificaat is.',

  'error.title': 'De box kon niet worden gelezen',
  'error.code': 'Code',
  'error.detail': 'Technische details',
  'error.hint.INPUT_INVALID_ADDRESS':
    'Controleer het adres: een IP-adres zoals 192.168.1.50, eventueel gevolgd door :8069.',
  'error.hint.NET_POLICY_REFUSED':
    'In de demomodus kan alleen de demobox op deze computer worden benaderd. Gebruik de demobox, of start de assistent zonder demomodus.',
  'error.hint.NAME_LOOKUP_FAILED': 'De naam is niet gevonden. Gebruik in plaats daarvan het IP-adres van de box.',
  'error.hint.BOX_UNREACHABLE':
    'Controleer of de box aanstaat en op hetzelfde netwerk zit als deze computer, en of het IP-adres klopt met wat de box toont.',
  'error.hint.BOX_CONNECTION_LOST':
    'De verbinding werd verbroken. Misschien start de box opnieuw op: wacht een minuut en probeer het nog eens.',
  'error.hint.BOX_TIMEOUT':
    'De box is traag of bezig, misschien met opnieuw opstarten. Wacht een minuut en probeer het nog eens.',
  'error.hint.BOX_BODY_TOO_LARGE':
    'Er antwoordde iets met veel meer gegevens dan een box stuurt. Controleer het IP-adres en de poort (normaal 8069).',
  'error.hint.BOX_HTTP_STATUS':
    'De box antwoordde met een fout. Misschien is hij nog aan het opstarten: wacht een minuut en probeer het nog eens.',
  'error.hint.BOX_MALFORMED_RESPONSE':
    'Dit antwoord is niet wat een Odoo IoT-box stuurt. Controleer het adres; klopt het, stuur dan de technische details naar support.',
  'error.hint.BOX_NOT_ODOO':
    'Op dit adres antwoordt iets, maar het is geen Odoo IoT-box. Controleer het IP-adres en de poort (normaal 8069).',
  'error.hint.DEMO_BOX_FAILED':
    'De demobox kon op deze computer niet worden gestart. Start de assistent opnieuw en probeer het nog eens.',
  'error.hint.generic':
    'Probeer het nog eens. Blijft dit gebeuren, stuur dan de code en de technische details naar support.',

  'identity.title': 'Box gevonden',
  'identity.address': 'Gelezen via {address}',
  'identity.family': 'API-familie',
  'identity.flavour': 'Systeem',
  'identity.version': 'Versie',
  'identity.ip': 'IP-adres',
  'identity.identifier': 'Identificatie',
  'identity.identifierFromMac': 'MAC-adres (deze box meldt geen identificatie)',
  'identity.mac': 'MAC-adres',
  'identity.server': 'Odoo-database',
  'identity.notPaired': 'Niet gekoppeld',
  'identity.pairingCode': 'Koppelcode: {code}',
  'identity.pairingCodeExpired': 'Koppelcode: {code} (verlopen)',
  'identity.pairingUnknown': 'Niet gemeld door deze box',
  'identity.credentials': 'Gegevens',
  'identity.dbUuid': 'Database-UUID: {uuid}',
  'identity.dbUuidNone': 'Database-UUID: geen',
  'identity.codePresent': 'Contractcode: aanwezig',
  'identity.codeMissing': 'Contractcode: ontbreekt',
  'identity.certificate': 'Certificaat (zoals de box het meldt)',
  'identity.notReported': 'Niet gemeld',
  'identity.anomalies': 'Onverwachte antwoorden',
  'identity.anomaliesIntro':
    'Deze velden waren aanwezig maar niet in de verwachte vorm; al het andere is normaal gelezen.',

  'family.legacy-html': 'Odoo 16.0 / vroege 17.0',
  'family.hw-posbox-status': 'Odoo 17.0 – saas-18.2',
  'family.hw-posbox-end-date': 'Odoo saas-18.3',
  'family.iot-drivers': 'Odoo saas-18.4 / 19.0+',

  'flavour.linux': 'Raspberry Pi IoT-box',
  'flavour.windows': 'Virtuele IoT op Windows',
  'flavour.unknown': 'Onbekend systeem',

  'cert.ok': 'In orde',
  'cert.notOk': 'Niet in orde',
  'cert.validUntil': 'Geldig tot {date}',
  'cert.noValid': 'Geen geldig certificaat',
  'cert.absent': 'Niet gemeld',
};
