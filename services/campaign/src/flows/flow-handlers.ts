// FlowService: flows as immutable versions (a campaign pins one, so an edit never changes a running
// campaign), validation with every problem located, and SimulateFlow — a flow run without a call.
import { randomUUID } from 'node:crypto';
import type { Clock } from '@ringpace/clock';
import { Callee, simulateFlow, type CalleeStep, type WebhookScript } from '@ringpace/flow';
import { AlreadyExistsError, NotFoundError, ValidationError, type FieldViolation } from '@ringpace/errors';
import type { Flow as FlowRow, FlowVersion as FlowVersionRow, PrismaClient } from '@ringpace/db';
import {
  FlowDocumentFormat,
  type CreateFlowRequest,
  type CreateFlowResponse,
  type Flow,
  type GetFlowRequest,
  type GetFlowResponse,
  type ListFlowsRequest,
  type ListFlowsResponse,
  type PushFlowVersionRequest,
  type PushFlowVersionResponse,
  type SimulateFlowRequest,
  type SimulateFlowResponse,
  type ValidateFlowRequest,
  type ValidateFlowResponse,
} from '@ringpace/proto';
import { requireTenant } from '../auth/authenticator.js';
import { decodePageToken, encodePageToken } from '../campaigns/page-token.js';
import { isUuid } from '../campaigns/validate.js';
import { isUniqueViolation } from '../db-errors.js';
import type { CallContext } from '../grpc/unary.js';
import { checkDocument, flowFromStored, problemToWire, requireValid } from './flow-documents.js';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
const MAX_SIMULATION_STEPS = 1_000;
const MAX_SCRIPT_STEPS = 500;

function flowToProto(flow: FlowRow, version: FlowVersionRow): Flow {
  return { id: flow.id, tenantId: flow.tenantId, name: flow.name, version: version.version, definitionJson: JSON.stringify(version.document), createdAt: version.createdAt };
}

function requireId(value: string, field: string): string {
  if (!isUuid(value)) throw new ValidationError([{ field, message: value === '' ? 'is required' : 'must be a UUID' }]);
  return value.toLowerCase();
}

function stepDetail(step: object): Record<string, string> {
  const detail: Record<string, string> = {};
  for (const [key, value] of Object.entries(step)) {
    if (key === 'nodeId' || key === 'verb' || value === undefined) continue;
    detail[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return detail;
}

export function flowHandlers(deps: { prisma: PrismaClient; clock: Clock }) {
  const { prisma, clock } = deps;

  async function latest(tenantId: string, flowId: string, version = 0) {
    const flow = await prisma.flow.findFirst({ where: { id: flowId, tenantId } });
    if (flow === null) throw new NotFoundError('flow', flowId);
    const row = await prisma.flowVersion.findFirst({ where: { flowId, tenantId, ...(version === 0 ? {} : { version }) }, orderBy: { version: 'desc' } });
    if (row === null) throw new NotFoundError('flow version', `${flowId}@${version}`);
    return { flow, version: row };
  }

  return {
    createFlow: async (request: CreateFlowRequest, context: CallContext): Promise<CreateFlowResponse> => {
      const { tenantId } = requireTenant(context.caller);
      const problems: FieldViolation[] = [];
      const name = request.name.trim();
      if (name === '' || name.length > 200) problems.push({ field: 'name', message: name === '' ? 'is required' : 'must be at most 200 characters' });
      if (problems.length > 0) throw new ValidationError(problems);
      const { document } = requireValid(request.definitionJson, FlowDocumentFormat.UNSPECIFIED, 'definition_json');
      const now = clock.now();
      try {
        const { flow, version } = await prisma.$transaction(async (tx) => {
          const flow = await tx.flow.create({ data: { id: randomUUID(), tenantId, name, createdAt: now, updatedAt: now } });
          const version = await tx.flowVersion.create({ data: { tenantId, flowId: flow.id, version: 1, document: document as object, createdAt: now } });
          return { flow, version };
        });
        context.log.info({ flowId: flow.id }, 'flow created');
        return { flow: flowToProto(flow, version) };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // A retried create (same request_id, same name, same document) returns the first flow.
        const existing = await prisma.flow.findFirst({ where: { tenantId, name } });
        if (existing !== null && request.requestId !== '') {
          const first = await prisma.flowVersion.findFirst({ where: { flowId: existing.id, version: 1 } });
          if (first !== null && JSON.stringify(first.document) === JSON.stringify(document)) return { flow: flowToProto(existing, first) };
        }
        throw new AlreadyExistsError('flow', name, { cause: error });
      }
    },

    getFlow: async (request: GetFlowRequest, context: CallContext): Promise<GetFlowResponse> => {
      const { tenantId } = requireTenant(context.caller);
      const { flow, version } = await latest(tenantId, requireId(request.id, 'id'), request.version);
      return { flow: flowToProto(flow, version) };
    },

    listFlows: async (request: ListFlowsRequest, context: CallContext): Promise<ListFlowsResponse> => {
      const { tenantId } = requireTenant(context.caller);
      if (request.pageSize < 0 || request.pageSize > MAX_PAGE_SIZE) throw new ValidationError([{ field: 'page_size', message: `must be between 0 and ${MAX_PAGE_SIZE}` }]);
      const pageSize = request.pageSize === 0 ? DEFAULT_PAGE_SIZE : request.pageSize;
      const filter = `${tenantId}|flows`;
      const after = decodePageToken(request.pageToken, filter);
      const flows = await prisma.flow.findMany({
        where: { tenantId, ...(after === undefined ? {} : { OR: [{ createdAt: { lt: new Date(after.createdAtMs) } }, { createdAt: new Date(after.createdAtMs), id: { lt: after.id } }] }) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: pageSize + 1,
        include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
      });
      const page = flows.slice(0, pageSize);
      const last = page.at(-1);
      return {
        flows: page.flatMap((flow) => (flow.versions[0] === undefined ? [] : [flowToProto(flow, flow.versions[0])])),
        nextPageToken: flows.length > pageSize && last !== undefined ? encodePageToken({ createdAtMs: last.createdAt.getTime(), id: last.id }, filter) : '',
      };
    },

    pushFlowVersion: async (request: PushFlowVersionRequest, context: CallContext): Promise<PushFlowVersionResponse> => {
      const { tenantId } = requireTenant(context.caller);
      const flowId = requireId(request.flowId, 'flow_id');
      const { document } = requireValid(request.definitionJson, request.documentFormat, 'definition_json');
      const { flow, version: current } = await latest(tenantId, flowId);
      if (request.requestId !== '' && JSON.stringify(current.document) === JSON.stringify(document)) return { flow: flowToProto(flow, current) };
      const now = clock.now();
      // Two pushes at once: the unique (flow, version) makes one of them retry on the next number.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const top = await prisma.flowVersion.findFirst({ where: { flowId }, orderBy: { version: 'desc' }, select: { version: true } });
        try {
          const version = await prisma.$transaction(async (tx) => {
            const created = await tx.flowVersion.create({ data: { tenantId, flowId, version: (top?.version ?? 0) + 1, document: document as object, createdAt: now } });
            await tx.flow.update({ where: { id: flowId }, data: { updatedAt: now } });
            return created;
          });
          context.log.info({ flowId, version: version.version }, 'flow version pushed');
          return { flow: flowToProto(flow, version) };
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
        }
      }
      throw new AlreadyExistsError('flow version', flowId);
    },

    validateFlow: (request: ValidateFlowRequest, context: CallContext): Promise<ValidateFlowResponse> => {
      requireTenant(context.caller);
      const checked = checkDocument(request.definitionJson, request.documentFormat, request.contactFields);
      return Promise.resolve(checked.ok ? { valid: true, problems: [] } : { valid: false, problems: checked.problems.map(problemToWire) });
    },

    simulateFlow: async (request: SimulateFlowRequest, context: CallContext): Promise<SimulateFlowResponse> => {
      const { tenantId } = requireTenant(context.caller);
      const problems: FieldViolation[] = [];
      if (request.maxSteps > MAX_SIMULATION_STEPS) problems.push({ field: 'max_steps', message: `must be at most ${MAX_SIMULATION_STEPS}` });
      if (request.script.length > MAX_SCRIPT_STEPS) problems.push({ field: 'script', message: `holds more than ${MAX_SCRIPT_STEPS} steps` });
      const callee: CalleeStep[] = [];
      const webhooks: Record<string, WebhookScript[]> = {};
      request.script.forEach((item, index) => {
        const step = item.step;
        switch (step?.$case) {
          case 'dtmf':
            if (!/^[0-9*#A-D]{1,64}$/.test(step.value.digits)) problems.push({ field: `script[${index}].dtmf.digits`, message: 'must be 1 to 64 of the keys 0-9, *, # and A-D' });
            else callee.push(Callee.dtmf(step.value.digits, { afterMs: step.value.afterMs }));
            break;
          case 'silenceMs':
            callee.push(Callee.silence());
            break;
          case 'hangup':
            callee.push(Callee.hangup());
            break;
          case 'webhookReply': {
            const reply = step.value;
            if (reply.nodeId === '') {
              problems.push({ field: `script[${index}].webhook_reply.node_id`, message: 'is required' });
              break;
            }
            let body: unknown;
            try {
              body = reply.bodyJson === '' ? undefined : JSON.parse(reply.bodyJson);
            } catch {
              problems.push({ field: `script[${index}].webhook_reply.body_json`, message: 'is not JSON' });
            }
            (webhooks[reply.nodeId] ??= []).push(reply.status === 0 ? { kind: 'timeout' } : { kind: 'reply', status: reply.status, body });
            break;
          }
          default:
            problems.push({ field: `script[${index}]`, message: 'must be one of dtmf, silence_ms, webhook_reply, hangup' });
        }
      });
      if (problems.length > 0) throw new ValidationError(problems);

      let flow;
      const source = request.source;
      if (source?.$case === 'flow') {
        const { version } = await latest(tenantId, requireId(source.value.id, 'flow.id'), source.value.version);
        flow = flowFromStored(version.document);
      } else if (source?.$case === 'definition') {
        const checked = checkDocument(source.value, FlowDocumentFormat.UNSPECIFIED, Object.keys(request.contact));
        if (!checked.ok) return { trace: [], result: '', reason: 'error', variables: {}, problems: checked.problems.map(problemToWire) };
        flow = checked.flow;
      } else {
        throw new ValidationError([{ field: 'source', message: 'give flow (id and version) or definition' }]);
      }
      const run = await simulateFlow(flow, { contact: request.contact, callee, webhooks, ...(request.maxSteps === 0 ? {} : { maxSteps: request.maxSteps }) });
      return {
        trace: run.trace.map((step) => ({ nodeId: step.nodeId, verb: step.verb, detail: stepDetail(step) })),
        result: run.mark ?? '',
        reason: run.reason,
        variables: Object.fromEntries(Object.entries(run.variables).map(([key, value]) => [key, String(value)])),
        problems: [],
      };
    },
  };
}
