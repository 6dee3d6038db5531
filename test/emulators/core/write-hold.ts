/**
 * Lets a test stop an emulator's writes at a chosen point until it releases them, so races
 * (a request still running, two writes overlapping) happen without timing. Vendor-agnostic; the
 * vendor calls `pass()` where its writes should wait, and hands `hold()` to tests.
 */
export interface WriteHold {
  /** Writes currently waiting. */
  readonly waiting: number;
  release(): void;
}

export class WriteGate {
  private current: { gate: Promise<void>; open: () => void; waiting: number } | undefined;

  /** Resolves at once unless a hold is active; then when it is released. */
  async pass(): Promise<void> {
    const held = this.current;
    if (!held) return;
    held.waiting += 1;
    await held.gate;
    held.waiting -= 1;
  }

  /** Starts holding writes (or returns the active hold). */
  hold(): WriteHold {
    if (!this.current) {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      this.current = { gate, open, waiting: 0 };
    }
    const held = this.current;
    return {
      get waiting() {
        return held.waiting;
      },
      release: () => {
        if (this.current === held) this.current = undefined;
        held.open();
      },
    };
  }

  /** Lets every held write go (on close). */
  releaseAll(): void {
    this.current?.open();
    this.current = undefined;
  }
}
