// The numbers already seen in one file, with the line each first appeared on. An E.164 number has at
// most 15 digits, so it is exact as a double: an open-addressing table of Float64 keys and Int32 lines
// holds a million numbers in about 24 MB, where a Set of strings takes several times that.

const INITIAL_CAPACITY = 1 << 12;
const MAX_LOAD = 0.5;
const EMPTY = 0;

function hashOf(key: number): number {
  // Mix both 32-bit halves (murmur3's finaliser): phone numbers share long prefixes and differ at the end.
  let h = (key >>> 0) ^ Math.imul(Math.floor(key / 0x1_0000_0000), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class E164Set {
  private keys = new Float64Array(INITIAL_CAPACITY);
  private lines = new Int32Array(INITIAL_CAPACITY);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `e164` ("+8613812345678") first seen on `line`; returns 0 when new, else the line it was first seen on. */
  addIfAbsent(e164: string, line: number): number {
    const key = Number(e164.charCodeAt(0) === 0x2b ? e164.slice(1) : e164);
    if (!Number.isSafeInteger(key) || key <= EMPTY) throw new RangeError(`not an E.164 number: ${e164.length} characters`);
    if ((this.count + 1) / this.keys.length > MAX_LOAD) this.grow();
    const mask = this.keys.length - 1;
    for (let slot = hashOf(key) & mask; ; slot = (slot + 1) & mask) {
      const stored = this.keys[slot]!;
      if (stored === EMPTY) {
        this.keys[slot] = key;
        this.lines[slot] = line;
        this.count += 1;
        return 0;
      }
      if (stored === key) return this.lines[slot]!;
    }
  }

  private grow(): void {
    const { keys, lines } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.lines = new Int32Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i]!;
      if (key === EMPTY) continue;
      let slot = hashOf(key) & mask;
      while (this.keys[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.lines[slot] = lines[i]!;
    }
  }
}
