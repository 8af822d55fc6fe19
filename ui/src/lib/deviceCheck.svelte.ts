// The open device check as the window sees it: the link and QR code from the app, and the
// devices as core says they stand (one entry per device; a re-run replaces it: core's
// `Standing`). No rules here: which results stand, each verdict and finding come from core.
import { api, toWireError, type DeviceCheckInfo, type DeviceResult, type WireError } from './api';

export class DeviceCheckSession {
  info = $state<DeviceCheckInfo | null>(null);
  devices = $state<DeviceResult[]>([]);
  busy = $state(false);
  error = $state<WireError | null>(null);
  closed = $state(false);

  async start(address: string): Promise<void> {
    this.busy = true;
    this.error = null;
    this.devices = [];
    try {
      this.info = await api.startDeviceCheck(address, (devices) => this.receive(devices));
      this.closed = false;
    } catch (e) {
      this.error = toWireError(e);
    } finally {
      this.busy = false;
    }
  }

  /** The devices as they now stand, as core sent them. */
  receive(devices: DeviceResult[]): void {
    this.devices = devices;
  }

  async close(): Promise<void> {
    if (!this.info) return;
    this.info = null;
    this.closed = true;
    try {
      await api.closeDeviceCheck();
    } catch {
      // The server stops with the app anyway; nothing for the technician to do.
    }
  }
}
