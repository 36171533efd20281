// The demo's final lists, read back through the API (ListContacts, ListImportRejections): confirmed,
// refused, notified, failed, invalid, blacklisted, duplicates and retried, numbers masked; and the checks
// that make the demo's exit code honest (every imported contact is in exactly one final list).
import { blockOf } from './contacts.mjs';

/** +15550100012 → +1555*****12: enough to tell rows apart, not to dial them. */
export function mask(phone) {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 5)}${'*'.repeat(phone.length - 7)}${phone.slice(-2)}`;
}

const reasonName = (reason) => reason.replace('REJECT_REASON_', '').toLowerCase().replace(/_/g, ' ');

async function allPages(fetchPage) {
  const items = [];
  let pageToken = '';
  do {
    const page = await fetchPage(pageToken);
    items.push(...page.items);
    pageToken = page.next;
  } while (pageToken !== '');
  return items;
}

export async function collectResults(client, { campaignId, importId }) {
  const contacts = await allPages(async (pageToken) => {
    const response = await client.listContacts({ campaignId, state: 'CONTACT_STATE_UNSPECIFIED', query: '', pageSize: 500, pageToken });
    return { items: response.contacts, next: response.nextPageToken };
  });
  const rejections = await allPages(async (pageToken) => {
    const response = await client.listImportRejections({ importId, pageSize: 500, pageToken });
    return { items: response.rows, next: response.nextPageToken };
  });
  const byState = (state) => contacts.filter((c) => c.state === `CONTACT_STATE_${state}`);
  const byReason = (...reasons) => rejections.filter((r) => reasons.includes(r.reason.replace('REJECT_REASON_', '')));
  return {
    contacts,
    rejections,
    lists: [
      { name: 'confirmed', note: 'pressed #', entries: byState('CONFIRMED').map(contactEntry) },
      { name: 'refused', note: 'pressed 2', entries: byState('REFUSED').map(contactEntry) },
      { name: 'notified', note: 'heard the notice, pressed nothing, no attempt left', entries: byState('NOTIFIED').map(contactEntry) },
      { name: 'failed', note: 'every allowed attempt busy, unanswered, declined or failed', entries: byState('EXHAUSTED').map(contactEntry) },
      { name: 'invalid', note: 'unallocated when dialed', entries: byState('INVALID').map(contactEntry) },
      { name: 'blocked', note: 'blacklisted after the import', entries: byState('BLOCKED').map(contactEntry) },
      { name: 'still open', note: 'pending or dialing: the campaign did not finish them', entries: [...byState('PENDING'), ...byState('DIALING')].map(contactEntry) },
      { name: 'invalid at import', note: 'not a phone number, or none', entries: byReason('INVALID_NUMBER', 'MISSING_NUMBER', 'MALFORMED_ROW', 'EXCLUDED_TYPE').map(rejectionEntry) },
      { name: 'blacklisted at import', note: 'on the tenant blacklist', entries: byReason('BLACKLISTED').map(rejectionEntry) },
      { name: 'duplicates at import', note: 'the same number again', entries: byReason('DUPLICATE_IN_FILE', 'DUPLICATE_IN_CAMPAIGN').map(rejectionEntry) },
    ],
    retried: contacts.filter((c) => c.attemptCount > 1).map(contactEntry),
  };
}

function contactEntry(contact) {
  return { label: mask(contact.phone), phone: contact.phone, attempts: contact.attemptCount, state: contact.state.replace('CONTACT_STATE_', '').toLowerCase() };
}

function rejectionEntry(row) {
  return { label: `line ${row.line} ${row.rawMasked === '' ? '(empty)' : row.rawMasked}`, reason: reasonName(row.reason) };
}

/** Prints each list with its count and up to `show` masked entries, then the retried contacts by final state. */
export function printResults(results, { say, show = 8 }) {
  for (const list of results.lists) {
    if (list.entries.length === 0 && list.name === 'still open') continue;
    const shown = list.entries.slice(0, show).map((entry) => entry.label);
    const more = list.entries.length > show ? ` … ${list.entries.length - show} more` : '';
    say(`${list.name.padEnd(22)} ${String(list.entries.length).padStart(4)}  (${list.note})`);
    if (shown.length > 0) say(`${''.padEnd(28)}${shown.join(', ')}${more}`);
  }
  const retried = results.retried;
  const tally = {};
  for (const entry of retried) tally[entry.state] = (tally[entry.state] ?? 0) + 1;
  say(`${'retried'.padEnd(22)} ${String(retried.length).padStart(4)}  (called more than once; ended ${Object.entries(tally).map(([state, n]) => `${state} ${n}`).join(', ') || '—'})`);
  const shown = retried.slice(0, show).map((entry) => `${entry.label}×${entry.attempts}→${entry.state}`);
  if (shown.length > 0) say(`${''.padEnd(28)}${shown.join(', ')}${retried.length > show ? ` … ${retried.length - show} more` : ''}`);
}

/**
 * Final states and attempts per scenario block beside what the block's callees lead to: a line per block,
 * and whether every contact ended as its block says.
 */
export function compareWithScenario(contacts, blocks) {
  const lines = [];
  let matches = true;
  for (const block of blocks) {
    const members = contacts.filter((contact) => blockOf(contact.phone) === block.block);
    const states = {};
    for (const contact of members) {
      const state = contact.state.replace('CONTACT_STATE_', '').toLowerCase();
      states[state] = (states[state] ?? 0) + 1;
    }
    const ok = members.every((contact) => block.expect.includes(contact.state.replace('CONTACT_STATE_', '').toLowerCase()) && (block.attempts === undefined || contact.attemptCount === block.attempts));
    matches &&= ok;
    const attempts = [...new Set(members.map((contact) => contact.attemptCount))].sort().join('/');
    const seen = Object.entries(states).map(([state, n]) => `${state} ${n}`).join(', ');
    lines.push(`${ok ? '✔' : '✖'} ${block.area}  ${seen.padEnd(26)} ${`${attempts || '-'} attempt${attempts === '1' ? '' : 's'}`.padEnd(14)} ${block.behaviour}`);
  }
  return { lines, matches };
}

/**
 * What must hold for the demo to pass: the campaign completed, every accepted contact is in exactly one
 * final list, and the import's report matches the file the demo wrote.
 */
export function checkResults({ results, campaignState, imported, expected }) {
  const problems = [];
  const counts = imported.counts;
  const finalStates = new Set(['confirmed', 'refused', 'notified', 'exhausted', 'invalid', 'blocked']);
  const finals = results.contacts.filter((c) => finalStates.has(c.state.replace('CONTACT_STATE_', '').toLowerCase())).length;
  if (campaignState !== 'CAMPAIGN_STATE_COMPLETED') problems.push(`the campaign ended ${campaignState.replace('CAMPAIGN_STATE_', '')}, not COMPLETED`);
  if (Number(counts.read) !== Number(counts.accepted) + Number(counts.rejected)) problems.push(`import: ${counts.read} rows read ≠ ${counts.accepted} accepted + ${counts.rejected} rejected`);
  if (results.contacts.length !== Number(counts.accepted)) problems.push(`${results.contacts.length} contacts listed ≠ ${counts.accepted} accepted at import`);
  if (finals !== results.contacts.length) problems.push(`${results.contacts.length - finals} contacts are not in a final state`);
  if (results.rejections.length !== Number(counts.rejected)) problems.push(`${results.rejections.length} rejected rows listed ≠ ${counts.rejected} rejected at import`);
  if (expected) {
    const reasons = (...names) => results.rejections.filter((r) => names.includes(r.reason.replace('REJECT_REASON_', ''))).length;
    const compare = [
      ['rows read', Number(counts.read), expected.rows],
      ['contacts accepted', Number(counts.accepted), expected.accepted],
      ['duplicates refused', reasons('DUPLICATE_IN_FILE', 'DUPLICATE_IN_CAMPAIGN'), expected.duplicates],
      ['invalid rows refused', reasons('INVALID_NUMBER', 'MISSING_NUMBER'), expected.invalid],
      ['blacklisted rows refused', reasons('BLACKLISTED'), expected.blacklisted],
    ];
    for (const [what, got, want] of compare) if (got !== want) problems.push(`${what}: ${got}, the file has ${want}`);
  }
  return problems;
}
