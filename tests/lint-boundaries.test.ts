// The package boundaries of DESIGN.md are enforced by lint; these specs prove the rules bite.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const eslint = new ESLint({
  cwd: new URL('..', import.meta.url).pathname,
  // Virtual files are not in any tsconfig project: lint them without type information.
  overrideConfig: [
    { ...tseslint.configs.disableTypeChecked, files: ['**/*.ts'] },
    { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false, project: null } } },
  ],
});

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('lint boundaries', () => {
  it.each([
    ['services/dialer/src/claim.ts', "import { createServer } from '@ringpace/campaign';\nexport const x = createServer;\n"],
    ['services/dialer/src/claim.ts', "import { createServer } from '../../campaign/src/server.js';\nexport const x = createServer;\n"],
    ['packages/bus/src/x.ts', "import { createServer } from '@ringpace/campaign';\nexport const x = createServer;\n"],
    ['packages/outbox/src/x.ts', "import { createServer } from '@ringpace/campaign';\nexport const x = createServer;\n"],
    ['packages/cli/src/x.ts', "import { createDb } from '@ringpace/db';\nexport const x = createDb;\n"],
  ])('boundaries › %s may not import a service (%#)', async (filePath, code) => {
    expect(await ruleIds(filePath, code)).toContain('no-restricted-imports');
  });

  it('boundaries › a service may import packages and proto', async () => {
    const ids = await ruleIds('services/dialer/src/claim.ts', "import { AppError } from '@ringpace/errors';\nimport { createOutbox } from '@ringpace/outbox';\nimport { Event } from '@ringpace/proto';\nexport const x = [AppError, createOutbox, Event];\n");
    expect(ids).not.toContain('no-restricted-imports');
  });

  it('boundaries › only main.ts reads the environment', async () => {
    const code = "export const url = process.env['DATABASE_URL'];\n";
    expect(await ruleIds('services/campaign/src/server.ts', code)).toContain('no-restricted-properties');
    expect(await ruleIds('services/campaign/src/main.ts', code)).not.toContain('no-restricted-properties');
  });

  it('boundaries › generated code is not linted', async () => {
    expect(await eslint.isPathIgnored('packages/proto/src/gen/ringpace/v1/campaign.ts')).toBe(true);
    expect(await eslint.isPathIgnored('packages/db/src/generated/prisma/client.ts')).toBe(true);
    expect(await eslint.isPathIgnored('services/campaign/src/server.ts')).toBe(false);
  });
});
