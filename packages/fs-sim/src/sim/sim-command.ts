// Faults on command, from the in-process API or over the event socket itself as `api fs_sim ...` (a name
// FreeSWITCH does not use, so no real command is shadowed):
//   fs_sim fault drop            cut every event-socket connection, without a disconnect notice
//   fs_sim fault stall <ms>      hold every reply and event for <ms> of simulated time
//   fs_sim fault slow <ms>       deliver each event <ms> late (0 turns it off)
//   fs_sim fault restart [<ms>]  restart the node: connections cut, channels gone, down for <ms> (default 1000)
//   fs_sim fault clear           stop stalling and slowing
//   fs_sim dtmf <uuid> <digits>  the callee of a call presses keys
import type { Logger } from '@ringpace/log';
import type { EslServer } from '../protocol/esl-server.js';
import type { SimSwitch } from './sim-switch.js';

export interface FaultControl {
  drop(): void;
  stall(ms: number): void;
  slow(ms: number): void;
  restart(downMs?: number): Promise<void>;
  clear(): void;
}

const USAGE = '-USAGE: fault drop|stall <ms>|slow <ms>|restart [<ms>]|clear | dtmf <uuid> <digits>\n';

export function createFaultControl(sim: SimSwitch, server: EslServer, log: Logger): FaultControl {
  const clock = sim.core.clock;
  return {
    drop: () => {
      log.warn({ connections: server.connectionCount }, 'fault: dropping every event-socket connection');
      server.dropAll();
    },
    stall: (ms) => {
      log.warn({ ms }, 'fault: stalling replies and events');
      server.faults.stallUntilMs = clock.nowMs() + Math.max(0, ms);
    },
    slow: (ms) => {
      log.warn({ ms }, 'fault: slowing events');
      server.faults.eventDelayMs = Math.max(0, ms);
    },
    restart: async (downMs = 1000) => {
      log.warn({ downMs, channels: sim.sessions.size }, 'fault: restarting the node');
      server.accepting = false;
      server.dropAll();
      sim.restart();
      await clock.sleep(Math.max(0, downMs));
      server.accepting = true;
    },
    clear: () => {
      server.faults.stallUntilMs = 0;
      server.faults.eventDelayMs = 0;
    },
  };
}

export function handleSimCommand(fault: FaultControl, sim: SimSwitch, arg: string | undefined): Promise<string> {
  return Promise.resolve(simCommandReply(fault, sim, arg));
}

function simCommandReply(fault: FaultControl, sim: SimSwitch, arg: string | undefined): string {
  const words = (arg ?? '').trim().split(/\s+/).filter((word) => word !== '');
  const number = (text: string | undefined): number | undefined => {
    const value = Number(text);
    return text !== undefined && Number.isInteger(value) && value >= 0 ? value : undefined;
  };
  if (words[0] === 'dtmf' && words.length === 3) {
    const session = sim.locate(words[1]!);
    if (!session || session.channel.isDown) return '-ERR No such channel!\n';
    for (const digit of words[2]!) session.queueDtmf({ digit, duration: 2080, source: 'RTP' });
    return '+OK\n';
  }
  if (words[0] !== 'fault') return USAGE;
  // The connection that asked must see the reply before a drop or restart cuts it.
  const later = (run: () => void): void => void setTimeout(run, 10);
  switch (words[1]) {
    case 'drop':
      later(() => fault.drop());
      return '+OK dropping connections\n';
    case 'stall': {
      const ms = number(words[2]);
      if (ms === undefined) return USAGE;
      later(() => fault.stall(ms));
      return `+OK stalling ${ms}ms\n`;
    }
    case 'slow': {
      const ms = number(words[2]);
      if (ms === undefined) return USAGE;
      fault.slow(ms);
      return `+OK events ${ms}ms late\n`;
    }
    case 'restart': {
      const ms = words[2] === undefined ? 1000 : number(words[2]);
      if (ms === undefined) return USAGE;
      later(() => void fault.restart(ms));
      return `+OK restarting, down for ${ms}ms\n`;
    }
    case 'clear':
      fault.clear();
      return '+OK faults cleared\n';
    default:
      return USAGE;
  }
}
