// A parsed number's type (MOBILE, FIXED_LINE, PREMIUM_RATE…), exactly as libphonenumber-js's
// PhoneNumber.getType() gives it, with each numbering plan's patterns compiled once. getType() builds a
// RegExp from the metadata's pattern text on every test (helpers/matchesEntirely.js), up to a dozen per
// number: half of a row's libphonenumber time. The algorithm is getType()'s (helpers/getNumberType.js,
// itself Google's PhoneNumberUtil.getNumberTypeHelper); number-types.test.ts holds the two equal.
import { Metadata, type PhoneNumber, type PhoneNumberType } from 'libphonenumber-js/max';

/** Tried in this order after the fixed-line pattern, as getNumberType.js does. */
const NON_FIXED_LINE_TYPES = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

/**
 * The numbering-plan readers of libphonenumber-js's Metadata used here. They are its JavaScript API
 * (getType() calls them) but not in its typings, so they are checked to be there before use.
 */
interface PlanType {
  pattern(): string;
  possibleLengths(): readonly number[] | undefined;
}
interface PlanReader {
  selectNumberingPlan(key: string): unknown;
  nationalNumberPattern(): string;
  type(name: string): PlanType | undefined;
}

function isPlanReader(value: unknown): value is PlanReader {
  const reader = value as Partial<Record<keyof PlanReader, unknown>>;
  return typeof reader.selectNumberingPlan === 'function' && typeof reader.nationalNumberPattern === 'function' && typeof reader.type === 'function';
}

interface CompiledType {
  readonly pattern: RegExp;
  readonly lengths: readonly number[] | undefined;
}

interface CompiledPlan {
  readonly general: RegExp;
  readonly fixedLine: CompiledType | undefined;
  readonly mobile: CompiledType | undefined;
  /** The plan has no mobile type, or its mobile pattern is the fixed-line one (removed as a duplicate). */
  readonly mobileIsFixedLine: boolean;
  /** NON_FIXED_LINE_TYPES that the plan has, in that order. */
  readonly others: ReadonlyArray<readonly [PhoneNumberType, CompiledType]>;
}

/** The whole text matches: matchesEntirely()'s expression. */
function entire(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

function compileType(definition: PlanType | undefined): CompiledType | undefined {
  const pattern = definition?.pattern();
  if (definition === undefined || pattern === undefined || pattern === '') return undefined;
  return { pattern: entire(pattern), lengths: definition.possibleLengths() };
}

function matches(nationalNumber: string, type: CompiledType | undefined): boolean {
  if (type === undefined) return false;
  // Possible lengths, when known, rule a number out before its pattern is tried (isNumberTypeEqualTo).
  if (type.lengths !== undefined && !type.lengths.includes(nationalNumber.length)) return false;
  return type.pattern.test(nationalNumber);
}

export class NumberTypes {
  /** Country code ("CN") or, for non-geographic numbers, calling code ("800") → its compiled plan. */
  private readonly plans = new Map<string, CompiledPlan | undefined>();
  private readonly reader: PlanReader | undefined;

  constructor() {
    const metadata: unknown = new Metadata();
    this.reader = isPlanReader(metadata) ? metadata : undefined;
  }

  /** The number's type; undefined exactly when libphonenumber-js (full metadata) deems it invalid. */
  typeOf(number: PhoneNumber): PhoneNumberType | undefined {
    const key = number.country ?? number.countryCallingCode;
    if (key === '') return undefined;
    const plan = this.plan(key);
    // Without the readers (another libphonenumber-js), the library's own check, slower but the same.
    if (plan === undefined) return number.getType();
    const nationalNumber = number.nationalNumber;
    if (!plan.general.test(nationalNumber)) return undefined;
    if (matches(nationalNumber, plan.fixedLine)) {
      return plan.mobileIsFixedLine || matches(nationalNumber, plan.mobile) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
    }
    for (const [name, type] of plan.others) if (matches(nationalNumber, type)) return name;
    return undefined;
  }

  private plan(key: string): CompiledPlan | undefined {
    if (this.plans.has(key)) return this.plans.get(key);
    const plan = this.compile(key);
    this.plans.set(key, plan);
    return plan;
  }

  private compile(key: string): CompiledPlan | undefined {
    const reader = this.reader;
    if (reader === undefined) return undefined;
    reader.selectNumberingPlan(key);
    const mobile = reader.type('MOBILE');
    const others: [PhoneNumberType, CompiledType][] = [];
    for (const name of NON_FIXED_LINE_TYPES) {
      const type = compileType(reader.type(name));
      if (type !== undefined) others.push([name, type]);
    }
    return {
      general: entire(reader.nationalNumberPattern()),
      fixedLine: compileType(reader.type('FIXED_LINE')),
      mobile: compileType(mobile),
      mobileIsFixedLine: mobile === undefined || mobile.pattern() === '',
      others,
    };
  }
}
