// English: the reference dictionary. Every other language must have exactly these keys.
// `{name}` placeholders are filled in by `t(key, { name })`.
export const en = {
  'app.name': 'IoT HTTPS Assistant',
  'app.version': 'Version {version}',
  'app.loading': 'Starting…',

  'header.language': 'Language',
  'header.demoBadge': 'Demo mode',
  'header.demoBadgeHint': 'Only the demo box on this computer can be contacted.',

  'steps.label': 'Steps',
  'steps.box': 'Box',
  'steps.credentials': 'Credentials',
  'steps.generate': 'Generate',
  'steps.validity': 'Validity',
  'steps.done': 'Done',
  'steps.current': 'current step',
  'steps.locked': 'not available yet',

  'box.title': 'Which IoT box?',
  'box.intro':
    'Enter the address of the IoT box, as shown on its screen or in Odoo. The assistant reads the box over plain HTTP (port 8069), which works before any certificate exists.',
  'box.addressLabel': 'Box address',
  'box.addressPlaceholder': '192.168.1.50 or 192.168.1.50:8069',
  'box.addressHint': 'An IP address, optionally with a port. Port 8069 is used when none is given.',
  'box.connect': 'Connect',
  'box.useDemo': 'Use demo box',
  'box.connecting': 'Connecting to {address}…',
  'box.startingDemo': 'Starting the demo box…',
  'box.cancel': 'Stop waiting',
  'box.cancelled': 'Stopped waiting for the box. Nothing was changed on it.',
  'box.next': 'Next: credentials',
  'box.nextSoon': 'The credentials step is not available yet.',

  'check.empty': "Enter the box's IP address, for example 192.168.1.50.",
  'check.https':
    "Leave out https://: the assistant uses the box's plain HTTP address (port 8069), which works before a certificate exists.",

  'error.title': 'The box could not be read',
  'error.code': 'Code',
  'error.detail': 'Technical detail',
  'error.hint.INPUT_INVALID_ADDRESS':
    'Check the address: an IP address such as 192.168.1.50, optionally followed by :8069.',
  'error.hint.NET_POLICY_REFUSED':
    'In demo mode only the demo box on this computer can be contacted. Use the demo box, or start the assistant without demo mode.',
  'error.hint.NAME_LOOKUP_FAILED': 'The name could not be found. Use the IP address of the box instead.',
  'error.hint.BOX_UNREACHABLE':
    'Check that the box is switched on and on the same network as this computer, and that the IP address is the one the box shows.',
  'error.hint.BOX_CONNECTION_LOST':
    'The connection broke off. The box may be restarting: wait a minute and try again.',
  'error.hint.BOX_TIMEOUT': 'The box is slow or busy, perhaps restarting. Wait a minute and try again.',
  'error.hint.BOX_BODY_TOO_LARGE':
    'Something answered with far more data than a box sends. Check the IP address and the port (normally 8069).',
  'error.hint.BOX_HTTP_STATUS':
    'The box answered with an error. It may still be starting up: wait a minute and try again.',
  'error.hint.BOX_MALFORMED_RESPONSE':
    'The answer is not what an Odoo IoT box sends. Check the address; if it is right, send the technical detail to support.',
  'error.hint.BOX_NOT_ODOO':
    'Something answers at this address, but it is not an Odoo IoT box. Check the IP address and the port (normally 8069).',
  'error.hint.DEMO_BOX_FAILED': 'The demo box could not be started on this computer. Restart the assistant and try again.',
  'error.hint.generic': 'Try again. If this keeps happening, send the code and the technical detail to support.',

  'identity.title': 'Box found',
  'identity.address': 'Read from {address}',
  'identity.family': 'API family',
  'identity.flavour': 'System',
  'identity.version': 'Version',
  'identity.ip': 'IP address',
  'identity.identifier': 'Identifier',
  'identity.identifierFromMac': 'MAC address (this box reports no identifier)',
  'identity.mac': 'MAC address',
  'identity.server': 'Odoo database',
  'identity.notPaired': 'Not paired',
  'identity.pairingCode': 'Pairing code: {code}',
  'identity.pairingCodeExpired': 'Pairing code: {code} (expired)',
  'identity.pairingUnknown': 'Not reported by this box',
  'identity.credentials': 'Credentials',
  'identity.dbUuid': 'Database UUID: {uuid}',
  'identity.dbUuidNone': 'Database UUID: none',
  'identity.codePresent': 'Contract code: present',
  'identity.codeMissing': 'Contract code: missing',
  'identity.certificate': 'Certificate (as the box reports it)',
  'identity.notReported': 'Not reported',
  'identity.anomalies': 'Unexpected answers',
  'identity.anomaliesIntro':
    'These fields were present but not in the expected form; everything else was read normally.',

  'family.legacy-html': 'Odoo 16.0 / early 17.0',
  'family.hw-posbox-status': 'Odoo 17.0 – saas-18.2',
  'family.hw-posbox-end-date': 'Odoo saas-18.3',
  'family.iot-drivers': 'Odoo saas-18.4 / 19.0+',

  'flavour.linux': 'Raspberry Pi IoT box',
  'flavour.windows': 'Windows virtual IoT',
  'flavour.unknown': 'Unknown system',

  'cert.ok': 'OK',
  'cert.notOk': 'Not OK',
  'cert.validUntil': 'Valid until {date}',
  'cert.noValid': 'No valid certificate',
  'cert.absent': 'Not reported',
} as const;

export type MessageKey = keyof typeof en;
/** The shape every language file must have: exactly the keys of `en`, each a string. */
export type Messages = { readonly [K in MessageKey]: string };
