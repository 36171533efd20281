// The demo's contact file: the 300 callees of packages/fs-sim/scenarios/demo-campaign.yaml in the ways
// people write numbers (national with region US, E.164, dashes, brackets), plus rows an import must refuse:
// invalid strings, duplicates of listed numbers, and numbers on the tenant's blacklist. Deterministic per seed.

/**
 * The scenario's blocks, one US Eastern area code each, numbers in the 555-0100…0199 range kept for fiction
 * (+1 AAA 555 01NN, NN from 00), with the final state (and attempts, where fixed) the scenario leads to.
 * Keep in step with the YAML.
 */
export const BLOCKS = [
  { block: 0, area: '212', count: 70, behaviour: 'answers, presses #', expect: ['confirmed'], attempts: 1 },
  { block: 1, area: '202', count: 30, behaviour: 'presses 1 (hear it again), then #', expect: ['confirmed'], attempts: 1 },
  { block: 2, area: '215', count: 30, behaviour: 'presses 2 (declines)', expect: ['refused'], attempts: 1 },
  { block: 3, area: '305', count: 30, behaviour: 'says nothing, then # on the retry', expect: ['confirmed'], attempts: 2 },
  { block: 4, area: '404', count: 40, behaviour: 'busy, then # on the retry', expect: ['confirmed'], attempts: 2 },
  { block: 5, area: '412', count: 25, behaviour: 'mostly no answer, sometimes # (seeded mix)', expect: ['exhausted', 'confirmed'] },
  { block: 6, area: '513', count: 20, behaviour: 'unallocated number (404)', expect: ['invalid'], attempts: 1 },
  { block: 7, area: '617', count: 25, behaviour: 'network failure twice, then # on the last attempt', expect: ['confirmed'], attempts: 3 },
  { block: 8, area: '704', count: 10, behaviour: 'declines the call (603)', expect: ['exhausted'], attempts: 1 },
  { block: 9, area: '804', count: 20, behaviour: 'hangs up mid-notice, then twice says nothing', expect: ['notified'], attempts: 3 },
];

/** Rows of block 0 put on the blacklist before the import (so the import refuses them). */
export const BLACKLISTED = 6;

const INVALID_ROWS = ['12345', 'call me maybe', '+1 212', '212-555-0100-0000-1', '00000000000000000000'];
const FIRST = ['Ava', 'Ben', 'Chloe', 'Diego', 'Emma', 'Felix', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kira', 'Liam', 'Mia', 'Noah', 'Olga', 'Pablo'];
const LAST = ['Smith', 'Garcia', 'Chen', 'Okafor', 'Novak', 'Silva', 'Kim', 'Weber', 'Rossi', 'Haddad'];

/** mulberry32: a small seeded generator, so a seed always writes the same file. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The national significant number of block `block`, entry `n`: AAA 555 01NN. */
export function nationalNumber(block, n) {
  return `${BLOCKS[block].area}55501${String(n).padStart(2, '0')}`;
}

export const e164 = (national) => `+1${national}`;

/** The block an E.164 number of the demo belongs to, or undefined. */
export function blockOf(phone) {
  const match = /^\+1(\d{3})55501\d\d$/.exec(phone);
  return BLOCKS.find((entry) => entry.area === match?.[1])?.block;
}

/** One of the ways people write a US number. */
function written(national, pick) {
  const area = national.slice(0, 3);
  const exchange = national.slice(3, 6);
  const line = national.slice(6);
  const styles = [`(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `+1 ${area} ${exchange} ${line}`, `1-${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`, `${national}`];
  return styles[Math.floor(pick() * styles.length)];
}

const csvField = (value) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * The contact file (CSV with header phone,name,amount) and what it holds: every number of the scenario
 * once, `duplicates` of them again in another spelling, the invalid rows, and the blacklisted numbers
 * (which are also in the file). Rows are shuffled.
 */
export function generateContacts({ seed = 7, duplicates = 8 } = {}) {
  const pick = random(seed);
  const rows = [];
  const numbers = [];
  for (const { block, count } of BLOCKS) {
    for (let n = 0; n < count; n += 1) {
      const national = nationalNumber(block, n);
      numbers.push(national);
      const name = `${FIRST[Math.floor(pick() * FIRST.length)]} ${LAST[Math.floor(pick() * LAST.length)]}`;
      const amount = (20 + Math.floor(pick() * 48000) / 100).toFixed(2);
      rows.push({ phone: written(national, pick), name, amount, kind: 'valid' });
    }
  }
  const blacklist = numbers.slice(0, BLACKLISTED).map(e164);
  for (let i = 0; i < duplicates; i += 1) {
    // Duplicates of numbers the import keeps (not blacklisted ones), spelt differently.
    const national = numbers[BLACKLISTED + Math.floor(pick() * (numbers.length - BLACKLISTED))];
    rows.push({ phone: `+1 ${national.slice(0, 3)} ${national.slice(3)}`, name: 'Same Person Again', amount: '1.00', kind: 'duplicate' });
  }
  for (const phone of INVALID_ROWS) rows.push({ phone, name: 'Bad Number', amount: '0.00', kind: 'invalid' });
  rows.push({ phone: '', name: 'No Number', amount: '0.00', kind: 'invalid' });

  // Fisher–Yates with the seeded generator; duplicates then sometimes come before their first spelling.
  for (let i = rows.length - 1; i > 0; i -= 1) {
    const j = Math.floor(pick() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const csv = ['phone,name,amount', ...rows.map((row) => [row.phone, row.name, row.amount].map(csvField).join(','))].join('\n') + '\n';
  const count = (kind) => rows.filter((row) => row.kind === kind).length;
  return {
    csv,
    blacklist,
    expected: {
      rows: rows.length,
      accepted: numbers.length - blacklist.length,
      duplicates: count('duplicate'),
      invalid: count('invalid'),
      blacklisted: blacklist.length,
    },
  };
}
