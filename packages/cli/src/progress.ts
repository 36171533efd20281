// A one-line progress bar redrawn with \r, only on a terminal and never with --json; elsewhere progress
// is either silent (uploads) or printed as plain lines by the command (watch).
import type { Writer } from './io.js';

export const BAR_WIDTH = 30;

/** "[#########---------------------]" for a fraction in [0, 1]. */
export function renderBar(fraction: number, width = BAR_WIDTH): string {
  const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.round(clamped * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  return `${Math.floor((part / whole) * 100)}%`;
}

const KIB = 1024;
const MIB = 1024 * KIB;

export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(1)} MiB`;
  if (bytes >= KIB) return `${(bytes / KIB).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** Redraws one terminal line, at most every minIntervalMs unless forced; inert when disabled. */
export class ProgressLine {
  private drawn = false;
  private lastDrawMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly out: Writer,
    readonly enabled: boolean,
    private readonly now: () => number,
    private readonly minIntervalMs = 100,
  ) {}

  update(text: string, force = false): void {
    if (!this.enabled) return;
    const nowMs = this.now();
    if (!force && nowMs - this.lastDrawMs < this.minIntervalMs) return;
    this.lastDrawMs = nowMs;
    // \x1b[K clears what a longer previous line left behind.
    this.out.write(`\r${text}\x1b[K`);
    this.drawn = true;
  }

  /** Ends the line so the next output starts on its own. */
  finish(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
