// The box time limit the technician set in the Box step's advanced options: every read of a
// box's status (connect, diagnose) waits at most this long, because a box on Odoo 16.0 –
// saas-18.2 may be asking odoo.com for minutes before it answers (docs/protocol/status-reads.md).
export const DEFAULT_BOX_TIMEOUT_S = 120;

export const boxRead = $state({ timeoutS: DEFAULT_BOX_TIMEOUT_S });
