// `ringpace tenants …` and `ringpace keys …`: the operator's administration of tenants and their API keys
// (admin token required).
import type { ApiKey } from '@ringpace/proto';
import { Credential, type CommandGroup } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { formatTime } from '../output.js';

export const tenantsGroup: CommandGroup = {
  name: 'tenants',
  summary: 'create tenants (operator)',
  commands: {
    create: {
      credential: Credential.Admin,
      spec: {
        name: 'tenants create',
        summary: 'create a tenant; prints its id',
        synopsis: 'NAME',
        positionals: { min: 1, max: 1 },
        options: {},
        examples: ['ringpace tenants create "Acme Health" --admin-token "$TOKEN"'],
      },
      async run({ args, out, client }) {
        const { tenant } = await client().createTenant({ name: args.positional(0) });
        out.result({ tenant }, () => out.fields([['id', tenant?.id], ['name', tenant?.name], ['created', formatTime(tenant?.createdAt)]]));
        return ExitCode.Ok;
      },
    },
  },
};

function keyFields(apiKey: ApiKey | undefined) {
  return [
    ['id', apiKey?.id],
    ['tenant', apiKey?.tenantId],
    ['name', apiKey?.name],
    ['prefix', apiKey?.prefix],
    ['created', formatTime(apiKey?.createdAt)],
    ['revoked', formatTime(apiKey?.revokedAt)],
  ] as const;
}

export const keysGroup: CommandGroup = {
  name: 'keys',
  summary: 'create and revoke API keys (operator)',
  commands: {
    create: {
      credential: Credential.Admin,
      spec: {
        name: 'keys create',
        summary: 'create an API key for a tenant; the secret is printed once and never again',
        synopsis: '',
        positionals: { min: 0, max: 0 },
        options: {
          tenant: { type: 'string', value: 'ID', help: 'tenant id (required)' },
          name: { type: 'string', value: 'NAME', help: 'what the key is for, e.g. crm-integration (required)' },
        },
        examples: ['ringpace keys create --tenant 7c0e…-… --name crm-integration'],
      },
      async run({ args, out, client }) {
        const tenantId = args.requireString('tenant');
        const name = args.requireString('name');
        const { apiKey, secret } = await client().createApiKey({ tenantId, name });
        out.result({ apiKey, secret }, () => {
          out.fields([...keyFields(apiKey).filter(([key]) => key !== 'revoked'), ['secret', secret]]);
          out.note('store the secret now: the server keeps only its hash and cannot show it again');
        });
        return ExitCode.Ok;
      },
    },
    revoke: {
      credential: Credential.Admin,
      spec: {
        name: 'keys revoke',
        summary: 'revoke an API key (revoking twice changes nothing)',
        synopsis: 'ID',
        positionals: { min: 1, max: 1 },
        options: {},
        examples: ['ringpace keys revoke 5d1f…'],
      },
      async run({ args, out, client }) {
        const { apiKey } = await client().revokeApiKey({ id: args.positional(0) });
        out.result({ apiKey }, () => out.fields(keyFields(apiKey)));
        return ExitCode.Ok;
      },
    },
  },
};
