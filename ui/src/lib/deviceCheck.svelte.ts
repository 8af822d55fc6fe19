// The open device check as the window sees it: the link and QR code from the app, and the
// devices as they report (one entry per device; a re-run replaces it). No rules here: each
// device's verdict and findings come from core.
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
      this.info = await api.startDeviceCheck(address, (device) => this.receive(device));
      this.closed = false;
    } catch (e) {
      this.error = toWireError(e);
    } finally {
      this.busy = false;
    }
  }

  receive(device: DeviceResult): void {
    const i = this.devices.findIndex((d) => d.deviceId === device.deviceId);
    if (i >= 0) this.devices[i] = device;
    else this.devices.push(device);
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
