// One diagnosis at a time for a view: busy, the result or the error; a late answer to an
// abandoned or superseded check is ignored.
import { api, toWireError, type Diagnosis, type SlowRead, type WireError } from './api';
import { boxRead } from './boxRead.svelte';

export class DiagnoseTask {
  diagnosis = $state<Diagnosis | null>(null);
  busy = $state(false);
  error = $state<WireError | null>(null);
  abandoned = $state(false);
  /** Set when the box takes more than a few seconds to show its status. */
  slow = $state<SlowRead | null>(null);
  #attempt = 0;

  constructor(initial: Diagnosis | null = null) {
    this.diagnosis = initial;
  }

  async run(address: string): Promise<Diagnosis | null> {
    const mine = ++this.#attempt;
    this.busy = true;
    this.error = null;
    this.abandoned = false;
    this.slow = null;
    try {
      const diagnosis = await api.diagnoseBox(address, {
        timeoutS: boxRead.timeoutS,
        onSlow: (slow) => {
          if (mine === this.#attempt) this.slow = slow;
        },
      });
      if (mine !== this.#attempt) return null;
      this.diagnosis = diagnosis;
      return diagnosis;
    } catch (e) {
      if (mine === this.#attempt) this.error = toWireError(e);
      return null;
    } finally {
      if (mine === this.#attempt) this.busy = false;
    }
  }

  /** Stop waiting for the check in progress. */
  abandon(): void {
    this.#attempt += 1;
    this.busy = false;
    this.abandoned = true;
  }
}
