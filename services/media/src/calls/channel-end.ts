// That a call's channel ended, for the verbs acting on it: a flag and callbacks, and an AbortSignal only
// for a verb that needs one (a webhook's fetch). Every call carried an AbortController for this, and in
// Node each AbortSignal is an EventTarget with a hidden class and two maps of its own (~1 KB a call, kept
// for the call's life), plus a listener object per application run.
export class ChannelEnd {
  private done = false;
  private callbacks: Set<() => void> | undefined;
  private controller: AbortController | undefined;

  constructor(private readonly reason: Error) {}

  /** True once the channel hung up (CHANNEL_HANGUP or later seen, or the call was declared over). */
  get aborted(): boolean {
    return this.done;
  }

  /** Calls `callback` once when the channel ends (at once if it has); returns what unregisters it. */
  onEnd(callback: () => void): () => void {
    if (this.done) {
      callback();
      return () => undefined;
    }
    const callbacks = (this.callbacks ??= new Set());
    callbacks.add(callback);
    return () => callbacks.delete(callback);
  }

  /** An AbortSignal aborted when the channel ends, with the end's reason; made on first use. */
  signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.done) this.controller.abort(this.reason);
    return this.controller.signal;
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    const callbacks = this.callbacks;
    this.callbacks = undefined;
    if (callbacks !== undefined) for (const callback of [...callbacks]) callback();
    this.controller?.abort(this.reason);
  }
}
