{{/*
The reusable ringpace service: a Deployment, its ClusterIP Service, and optionally a PodDisruptionBudget and a
HorizontalPodAutoscaler, all from one block under .Values.services. A service's own file calls it as

  include "ringpace.service" (dict "root" $ "component" "campaign"
    "healthService" "ringpace.v1.CampaignService" "env" "ringpace.campaign.env")

where "env" names a template rendering the service's own env entries (its Secrets, for instance).
*/}}
{{- define "ringpace.service" -}}
{{- $root := .root -}}
{{- $component := .component -}}
{{- $svc := index $root.Values.services $component -}}
{{- if $svc.enabled }}
{{- $ctx := dict "root" $root "component" $component -}}
{{- $name := include "ringpace.componentName" $ctx -}}
{{- $port := $svc.grpcPort | int -}}
{{- /* SIGTERM handling = preStop pause + drain + closing NATS, the database and the trace exporter;
       the grace period covers all of it, so Kubernetes never SIGKILLs a pod that is still draining. */ -}}
{{- $drainSeconds := div (add ($svc.drainTimeoutMs | int64) 999) 1000 -}}
{{- $closeSeconds := 15 -}}
{{- $graceSeconds := add $svc.preStopSleepSeconds $drainSeconds $closeSeconds -}}
{{- if and $svc.autoscaling.enabled (gt ($svc.autoscaling.minReplicas | int) ($svc.autoscaling.maxReplicas | int)) -}}
{{- fail (printf "services.%s.autoscaling: minReplicas must not exceed maxReplicas" $component) -}}
{{- end }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "ringpace.labels" $ctx | nindent 4 }}
spec:
  {{- if not $svc.autoscaling.enabled }}
  replicas: {{ $svc.replicas | int }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # Capacity never dips during a rollout: a new pod is ready before an old one starts draining.
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "ringpace.selectorLabels" $ctx | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "ringpace.labels" $ctx | nindent 8 }}
        {{- with $svc.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with $svc.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "ringpace.serviceAccountName" $root }}
      # The services never call the Kubernetes API.
      automountServiceAccountToken: false
      {{- with $root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "ringpace.podSecurityContext" $root | nindent 8 }}
      terminationGracePeriodSeconds: {{ $graceSeconds }}
      containers:
        - name: {{ $component }}
          image: {{ include "ringpace.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          # args, not command: the image's entrypoint (tini) stays PID 1 and passes SIGTERM to node.
          args: ["node", "services/{{ $component }}/dist/main.js"]
          ports:
            - name: grpc
              containerPort: {{ $port }}
              protocol: TCP
          env:
            - name: GRPC_LISTEN
              value: "0.0.0.0:{{ $port }}"
            - name: DRAIN_TIMEOUT_MS
              value: {{ $svc.drainTimeoutMs | int64 | quote }}
            - name: BUS_NAMESPACE
              value: {{ $root.Values.busNamespace | quote }}
            {{- include "ringpace.env.nats" $root | nindent 12 }}
            {{- with $root.Values.telemetry.otlpTracesUrl }}
            - name: OTLP_TRACES_URL
              value: {{ . | quote }}
            {{- end }}
            {{- with $svc.nodeOptions }}
            # V8 flags (heap size); read by node itself, not by the service's config.
            - name: NODE_OPTIONS
              value: {{ . | quote }}
            {{- end }}
            {{- with .env }}
            {{- include . $root | nindent 12 }}
            {{- end }}
            {{- range $key, $value := $svc.env }}
            - name: {{ $key }}
              value: {{ $value | quote }}
            {{- end }}
          # Native gRPC probes ask grpc.health.v1.Health; the service reports NOT_SERVING once it starts draining.
          startupProbe:
            grpc:
              port: {{ $port }}
            {{- toYaml $svc.probes.startup | nindent 12 }}
          readinessProbe:
            grpc:
              port: {{ $port }}
              service: {{ .healthService | quote }}
            {{- toYaml $svc.probes.readiness | nindent 12 }}
          livenessProbe:
            grpc:
              port: {{ $port }}
            {{- toYaml $svc.probes.liveness | nindent 12 }}
          {{- if gt ($svc.preStopSleepSeconds | int) 0 }}
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "{{ $svc.preStopSleepSeconds | int }}"]
          {{- end }}
          resources:
            {{- toYaml $svc.resources | nindent 12 }}
          securityContext:
            {{- include "ringpace.containerSecurityContext" $root | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        # The root filesystem is read-only; libraries that need scratch space get a small /tmp.
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
      {{- with $svc.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $svc.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $svc.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $svc.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "ringpace.labels" $ctx | nindent 4 }}
  {{- with $svc.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: ClusterIP
  ports:
    - name: grpc
      port: {{ $port }}
      targetPort: grpc
      protocol: TCP
      appProtocol: grpc
  selector:
    {{- include "ringpace.selectorLabels" $ctx | nindent 4 }}
{{- if $svc.podDisruptionBudget.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $name }}
  labels:
    {{- include "ringpace.labels" $ctx | nindent 4 }}
spec:
  maxUnavailable: {{ $svc.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "ringpace.selectorLabels" $ctx | nindent 6 }}
{{- end }}
{{- if $svc.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $name }}
  labels:
    {{- include "ringpace.labels" $ctx | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  minReplicas: {{ $svc.autoscaling.minReplicas | int }}
  maxReplicas: {{ $svc.autoscaling.maxReplicas | int }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $svc.autoscaling.targetCPUUtilizationPercentage | int }}
{{- end }}
{{- end }}
{{- end -}}
