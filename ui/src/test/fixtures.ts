import type { BoxStatus } from '../lib/api';

export const iotDriversLinux: BoxStatus = {
  address: '127.0.0.1:18069',
  family: 'iot-drivers',
  flavour: 'linux',
  version: '19.0',
  ip: '192.0.2.50',
  hostname: 'iotbox',
  identifier: '10000000abcdef01',
  mac: 'b8:27:eb:12:34:56',
  pairing: { state: 'paired', server: 'https://shop.example.com' },
  newDatabaseUrl: null,
  accessPoint: false,
  credentials: { dbUuid: '0a1b2c3d-db-uuid', enterpriseCodePresent: true },
  certificate: { kind: 'endDate', endDate: '2026-03-01 12:00:00' },
  certificateState: {
    state: 'valid',
    subject: null,
    notAfter: '2026-03-01T12:00:00Z',
    renewalFrom: '2026-02-19T12:00:00Z',
  },
  boxDate: null,
  odooUptimeSeconds: null,
  anomalies: [],
  retry: 'restartOdoo',
  // As core's CredentialRules::of gives them for these credentials and a valid certificate.
  credentialRules: { maySkip: true, codeOptionalFor: '0a1b2c3d-db-uuid' },
};

export const hwPosboxStatusWindows: BoxStatus = {
  address: '127.0.0.1:18070',
  family: 'hw-posbox-status',
  flavour: 'windows',
  version: '17.0',
  ip: '192.0.2.7',
  hostname: 'DESKTOP-IOT',
  identifier: null,
  mac: '00:15:5d:aa:bb:cc',
  pairing: { state: 'notPaired', pairingCode: 'K3Y9QZ', codeExpired: false },
  newDatabaseUrl: null,
  accessPoint: false,
  credentials: { dbUuid: null, enterpriseCodePresent: false },
  certificate: {
    kind: 'status',
    ok: false,
    details: 'ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL\n\nThe database UUID or the contract code is missing.',
  },
  certificateState: {
    state: 'failed',
    odooCode: {
      code: 'ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL',
      httpStatus: null,
      detail: 'The database UUID or the contract code is missing.',
      source: 'reported-by-box',
    },
  },
  boxDate: null,
  odooUptimeSeconds: null,
  anomalies: ['field `ip` is a number, expected a string'],
  retry: 'observe',
  credentialRules: { maySkip: false, codeOptionalFor: null },
};
