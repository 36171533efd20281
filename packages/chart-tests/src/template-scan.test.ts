import { describe, expect, it } from 'vitest';
import { envNames, parseTemplateFile, reachableUnits, valueReferences } from './template-scan.js';

const HELPERS = `{{/* .Values.inComment is not read */}}
{{- define "x.service" -}}
{{- $svc := index .root.Values.services .component -}}
{{- if $svc.enabled }}
replicas: {{ $svc.replicas }}
env:
  - name: GRPC_LISTEN
    value: "0.0.0.0:{{ $svc.grpcPort }}"
  {{- with .env }}
  {{- include . .root | nindent 2 }}
  {{- end }}
{{- end }}
{{- end -}}
{{- define "x.unused" -}}
- name: NEVER_REACHED
{{- end -}}
`;

const SERVICE_FILE = `{{- include "x.service" (dict "root" $ "component" "api" "env" "x.api.env") }}
{{- define "x.api.env" -}}
- name: DATABASE_URL
  valueFrom: {secretKeyRef: {name: {{ $.Values.database.existingSecret | quote }}, key: url}}
{{- end -}}
`;

const units = [...parseTemplateFile('_helpers.tpl', HELPERS), ...parseTemplateFile('api.yaml', SERVICE_FILE)];

describe('template scan', () => {
  it('template scan › a file splits into its defines and its top level', () => {
    expect(units.map((unit) => unit.name)).toEqual(['x.service', 'x.unused', '_helpers.tpl', 'x.api.env', 'api.yaml']);
    expect(units.find((unit) => unit.name === 'api.yaml')?.text).not.toContain('DATABASE_URL');
  });

  it('template scan › values paths come from .Values anywhere and from variables bound to values, never from comments', () => {
    const paths = units.flatMap(valueReferences).map((reference) => `${reference.unit}: ${reference.path.join('.')}`);
    expect(paths).toEqual(['x.service: services', 'x.service: services.*.enabled', 'x.service: services.*.replicas', 'x.service: services.*.grpcPort', 'x.api.env: database.existingSecret']);
  });

  it('template scan › a template passed by name is reached like an include; an unused one is not', () => {
    const reached = reachableUnits(units, 'api.yaml');
    expect(reached.map((unit) => unit.name)).toEqual(['api.yaml', 'x.service', 'x.api.env']);
    expect(reached.flatMap(envNames)).toEqual(['GRPC_LISTEN', 'DATABASE_URL']);
  });

  it.each([
    ['an end without a block', '{{ end }}', /without an open block/],
    ['a block never closed', '{{ if .Values.a }}x', /never closed/],
  ])('template scan › %s is an error', (_case, source, message) => {
    expect(() => parseTemplateFile('bad.yaml', source)).toThrow(message);
  });
});
