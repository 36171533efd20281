{{/*
Names, labels, the image reference and the env entries that read Secrets: the pieces every template shares.
*/}}

{{- define "ringpace.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's prefix for every object: "<release>-ringpace", or just the release when it already says ringpace. */}}
{{- define "ringpace.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's objects; takes (dict "root" $ "component" "campaign"). */}}
{{- define "ringpace.componentName" -}}
{{- printf "%s-%s" (include "ringpace.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ringpace.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels never change between releases (a Deployment's selector is immutable). */}}
{{- define "ringpace.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ringpace.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "ringpace.labels" -}}
{{ include "ringpace.selectorLabels" . }}
helm.sh/chart: {{ include "ringpace.chart" .root }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: ringpace
{{- end -}}

{{- define "ringpace.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ringpace.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* A digest pins the exact build; otherwise the tag, defaulting to the chart's appVersion. */}}
{{- define "ringpace.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/*
Pod security for every pod: the image runs as the unprivileged "node" user (uid 1000), and the chart
insists on non-root whatever the values say.
*/}}
{{- define "ringpace.podSecurityContext" -}}
{{- $fixed := dict "runAsNonRoot" true "seccompProfile" (dict "type" "RuntimeDefault") -}}
{{- $defaults := dict "runAsUser" 1000 "runAsGroup" 1000 -}}
{{- toYaml (merge $fixed (deepCopy .Values.podSecurityContext) $defaults) -}}
{{- end -}}

{{- define "ringpace.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* DATABASE_URL from database.existingSecret. */}}
{{- define "ringpace.env.database" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "database.existingSecret: name the Secret holding the PostgreSQL URL" .Values.database.existingSecret | quote }}
      key: {{ .Values.database.existingSecretKey | quote }}
{{- end -}}

{{/* NATS_URL from nats.existingSecret when set (credentials), else the plain nats.url. */}}
{{- define "ringpace.env.nats" -}}
- name: NATS_URL
{{- if .Values.nats.existingSecret }}
  valueFrom:
    secretKeyRef:
      name: {{ .Values.nats.existingSecret | quote }}
      key: {{ .Values.nats.existingSecretKey | quote }}
{{- else }}
  value: {{ required "nats.url or nats.existingSecret is required" .Values.nats.url | quote }}
{{- end }}
{{- end -}}

{{/* ADMIN_TOKEN from adminToken.existingSecret. */}}
{{- define "ringpace.env.adminToken" -}}
- name: ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ required "adminToken.existingSecret: name the Secret holding the admin token" .Values.adminToken.existingSecret | quote }}
      key: {{ .Values.adminToken.existingSecretKey | quote }}
{{- end -}}

{{/* The env every Node.js service shares: NATS, the bus namespace, trace export, V8 flags. Takes (dict "root" $ "svc" <block>). */}}
{{- define "ringpace.env.common" -}}
- name: BUS_NAMESPACE
  value: {{ .root.Values.busNamespace | quote }}
{{ include "ringpace.env.nats" .root }}
{{- with .root.Values.telemetry.otlpTracesUrl }}
- name: OTLP_TRACES_URL
  value: {{ . | quote }}
{{- end }}
{{- with .svc.nodeOptions }}
- name: NODE_OPTIONS
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* Pod annotations that let a Prometheus using the common kubernetes-pods scrape config find /metrics. */}}
{{- define "ringpace.prometheusAnnotations" -}}
prometheus.io/scrape: "true"
prometheus.io/port: {{ . | int | quote }}
prometheus.io/path: /metrics
{{- end -}}

{{/* The FreeSWITCH node image (freeswitch/Dockerfile), by digest when one is given. */}}
{{- define "ringpace.freeswitchImage" -}}
{{- $image := .Values.freeswitch.image -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $image.repository $image.tag -}}
{{- end -}}
{{- end -}}

{{/* ESL_PASSWORD from freeswitch.esl: FreeSWITCH and media read the same Secret. */}}
{{- define "ringpace.env.eslPassword" -}}
- name: ESL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "freeswitch.esl.existingSecret: name the Secret holding the event socket password" .Values.freeswitch.esl.existingSecret | quote }}
      key: {{ .Values.freeswitch.esl.existingSecretKey | quote }}
{{- end -}}
