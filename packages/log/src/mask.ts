// Personal data masking, applied by the logger itself so no call site can forget it (DESIGN.md, Security).
// Phone numbers keep country/operator prefix and the last two digits: +8613812345678 → +8613*******78.

/** Keys whose values are phone numbers, wherever they appear in a log object. */
const phoneKeys = new Set([
  'phone', 'phonenumber', 'phonee164', 'number', 'msisdn', 'callee', 'caller', 'callerid', 'calleeid',
  'destination', 'destinationnumber', 'ani', 'dnis', 'from', 'to', 'e164',
]);

/** Keys whose values are a contact's personal data (names and custom fields of imported lists). */
const personalKeys = new Set(['contact', 'contactname', 'fields', 'contactfields', 'customfields', 'email', 'address']);

// A run of 7–15 digits (optionally after +) not glued to letters, digits or dashes: UUID segments and
// identifiers stay readable, bare phone numbers inside free text do not.
const phoneInText = /(?<![\w-])\+?\d{7,15}(?![\w-])/g;

export function maskPhone(value: string): string {
  const plus = value.startsWith('+') ? '+' : '';
  const digits = value.replace(/\D/g, '');
  if (digits.length < 5) return plus + '*'.repeat(digits.length);
  const head = digits.slice(0, 4);
  const tail = digits.slice(-2);
  return `${plus}${head}${'*'.repeat(Math.max(digits.length - 6, 1))}${tail}`;
}

export function maskText(value: string): string {
  return value.length === 0 ? value : `${value.slice(0, 1)}***`;
}

export function maskPhonesInText(value: string): string {
  return value.replace(phoneInText, (match) => maskPhone(match));
}

function normaliseKey(key: string): string {
  return key.replace(/[_-]/g, '').toLowerCase();
}

function maskPersonal(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (typeof value === 'number' || typeof value === 'bigint') return '***';
  if (Array.isArray(value)) return value.map(maskPersonal);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, phoneKeys.has(normaliseKey(k)) ? maskPhoneValue(v) : maskPersonal(v)]));
  }
  return value;
}

function maskPhoneValue(value: unknown): unknown {
  if (typeof value === 'string') return maskPhone(value);
  if (typeof value === 'number' || typeof value === 'bigint') return maskPhone(String(value));
  if (Array.isArray(value)) return value.map(maskPhoneValue);
  return maskValue(value, 0);
}

const maxDepth = 8;

/** Returns a copy of `value` with phone numbers and personal fields masked; the input is not changed. */
export function maskValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPhonesInText(value);
  if (value === null || typeof value !== 'object' || depth > maxDepth) return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => maskValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const normal = normaliseKey(key);
    if (phoneKeys.has(normal)) out[key] = maskPhoneValue(inner);
    else if (personalKeys.has(normal)) out[key] = maskPersonal(inner);
    else out[key] = maskValue(inner, depth + 1);
  }
  return out;
}
