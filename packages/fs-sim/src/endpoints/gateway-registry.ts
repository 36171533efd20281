// The carrier gateways of the scenario with their live counters: how many calls each carries and how many
// were offered in the current second. FreeSWITCH 1.10 gateways have no channel or rate limit of their own
// (mod_sofia only refuses unknown or down gateways), so a limit here is the carrier's: it answers the INVITE
// with `overLimitStatus` (503 Service Unavailable by default), as trunks do.
import type { GatewaySpec, Scenario } from '../scenario/scenario-schema.js';

export interface GatewayProfile {
  readonly name: string;
  readonly ip: string;
  readonly port: number;
}

export class GatewayRuntime {
  active = 0;
  private windowSecond = -1;
  private offeredThisSecond = 0;
  readonly proxyHost: string;
  readonly proxyPort: number | undefined;

  constructor(
    readonly spec: GatewaySpec,
    readonly profile: GatewayProfile,
  ) {
    const [host, port] = spec.proxy.split(':');
    this.proxyHost = host!;
    this.proxyPort = port === undefined ? undefined : Number(port);
  }

  /** Counts an INVITE; false when the carrier would refuse it for capacity or rate. */
  admit(nowMs: number): boolean {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.windowSecond) {
      this.windowSecond = second;
      this.offeredThisSecond = 0;
    }
    this.offeredThisSecond++;
    if (this.spec.callsPerSecond !== undefined && this.offeredThisSecond > this.spec.callsPerSecond) return false;
    if (this.spec.maxChannels !== undefined && this.active >= this.spec.maxChannels) return false;
    return true;
  }
}

export class GatewayRegistry {
  private readonly gateways = new Map<string, GatewayRuntime>();

  constructor(scenario: Scenario) {
    for (const spec of scenario.gateways) {
      const profile = scenario.profiles[spec.profile]!;
      this.gateways.set(spec.name, new GatewayRuntime(spec, { name: spec.profile, ip: profile.ip, port: profile.port }));
    }
  }

  /** sofia_reg_find_gateway() */
  find(name: string): GatewayRuntime | undefined {
    return this.gateways.get(name);
  }

  all(): GatewayRuntime[] {
    return [...this.gateways.values()];
  }

  reset(): void {
    for (const gateway of this.gateways.values()) gateway.active = 0;
  }
}
