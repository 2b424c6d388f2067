{{/* Names */}}
{{- define "sentinel.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sentinel.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "sentinel.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Standard labels; call with (dict "root" $ "component" "api") */}}
{{- define "sentinel.labels" -}}
helm.sh/chart: {{ include "sentinel.chart" .root }}
{{ include "sentinel.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: sentinel
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "sentinel.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sentinel.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end }}

{{- define "sentinel.secretName" -}}
{{- default (printf "%s-secrets" (include "sentinel.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{- define "sentinel.image" -}}
{{- $root := .root }}
{{- $repo := .image.repository }}
{{- if $root.Values.image.registry }}{{ $repo = printf "%s/%s" $root.Values.image.registry $repo }}{{ end }}
{{- if .image.digest }}
{{- printf "%s@%s" $repo .image.digest }}
{{- else }}
{{- printf "%s:%s" $repo (default (default $root.Chart.AppVersion $root.Values.image.tag) .image.tag) }}
{{- end }}
{{- end }}

{{/* Refusals: the production profile and impossible combinations. */}}
{{- define "sentinel.validate" -}}
{{- if and (or .Values.evaluation.postgresql.enabled .Values.evaluation.redis.enabled) (or .Values.production .Values.secrets.existingSecret) }}
{{- fail "evaluation.postgresql/redis are for evaluation only: refused with production=true or secrets.existingSecret" }}
{{- end }}
{{- if and .Values.secrets.redisCluster .Values.evaluation.redis.enabled }}
{{- fail "secrets.redisCluster: the evaluation Redis is one Redis, not a cluster (turn one of them off)" }}
{{- end }}
{{- if and .Values.secrets.redisCluster (not .Values.secrets.existingSecret) (not .Values.secrets.redisClusterNodes) }}
{{- fail "secrets.redisCluster=true needs secrets.redisClusterNodes (host:port,host:port,...) or REDIS_CLUSTER_NODES in secrets.existingSecret" }}
{{- end }}
{{- if .Values.production }}
{{- if not .Values.secrets.existingSecret }}
{{- fail "production=true needs secrets.existingSecret: a Secret you manage with DATABASE_URL, DATABASE_APP_URL, DATABASE_PLATFORM_URL, REDIS_URL, JWT_SECRET, INVITATION_SECRET and SMTP_URL (the chart generates no secret in production)" }}
{{- end }}
{{- if ne (toString .Values.config.NODE_ENV) "production" }}
{{- fail "production=true needs config.NODE_ENV=production" }}
{{- end }}
{{- if .Values.secrets.ownerPassword }}
{{- fail "production=true: secrets.ownerPassword must not be set in values (put DATABASE_URL in secrets.existingSecret)" }}
{{- end }}
{{- else if and (not .Values.secrets.existingSecret) (not .Values.secrets.ownerPassword) (not .Values.evaluation.postgresql.enabled) }}
{{- fail "set secrets.existingSecret (a Secret with the database URLs, REDIS_URL, JWT_SECRET and INVITATION_SECRET) or secrets.ownerPassword (the schema owner's password; the rest is generated)" }}
{{- end }}
{{- if and (not .Values.secrets.existingSecret) (eq (toString .Values.config.NODE_ENV) "production") (not .Values.secrets.smtpUrl) }}
{{- fail "secrets.smtpUrl is empty: with NODE_ENV=production the worker refuses to start without SMTP_URL (set secrets.smtpUrl, or config.NODE_ENV=development for an evaluation whose mail is only logged)" }}
{{- end }}
{{- $managed := list "PORT" "WORKER_PORT" "SCHEDULER_PORT" "CONTROLLER_PORT" "CONTROLLER_NAMESPACE" "TENANT_SOURCE" "OTEL_EXPORTER_OTLP_ENDPOINT" "OTEL_SERVICE_NAME" "NODE_OPTIONS" }}
{{- $secret := list "DATABASE_URL" "DATABASE_APP_URL" "DATABASE_READ_URL" "DATABASE_PLATFORM_URL" "REDIS_URL" "REDIS_CLUSTER_NODES" "JWT_SECRET" "INVITATION_SECRET" "SMTP_URL" }}
{{- range $k, $_ := .Values.web.env }}
{{- if has $k (list "PORT" "HOSTNAME" "SENTINEL_API_URL" "SHUTDOWN_DRAIN_MS" "SHUTDOWN_TIMEOUT_MS") }}{{ fail (printf "web.env.%s: set by the chart (PORT from web.port, SENTINEL_API_URL: the API's Service, the shutdown timings from config)" $k) }}{{ end }}
{{- if has $k $secret }}{{ fail (printf "web.env.%s: the web console takes no secret" $k) }}{{ end }}
{{- end }}
{{- range $where, $env := dict "config" .Values.config "api.env" .Values.api.env "worker.env" .Values.worker.env "scheduler.env" .Values.scheduler.env "controller.env" .Values.controller.env }}
{{- range $k, $_ := $env }}
{{- if has $k $secret }}{{ fail (printf "%s.%s: a secret does not belong in values; put it in the Secret named by secrets.existingSecret" $where $k) }}{{ end }}
{{- if has $k $managed }}{{ fail (printf "%s.%s: set by the chart (ports from <component>.port, TENANT_SOURCE from controller.enabled, OTLP from otel.endpoint, heap from controller.heapMiB)" $where $k) }}{{ end }}
{{- end }}
{{- end }}
{{- if and (eq .Values.entry.type "ingress") .Values.entry.tls.secretName .Values.entry.tls.certManager.issuer }}
{{- fail "entry.tls: set secretName or certManager.issuer, not both" }}
{{- end }}
{{- end }}

{{/* A URL of one database role: (dict "root" $ "user" "..." "password" "...") */}}
{{- define "sentinel.dbUrl" -}}
{{- $db := .root.Values.database }}
{{- $host := .host | default $db.host }}
{{- if .root.Values.evaluation.postgresql.enabled }}{{ $host = printf "%s-postgresql" (include "sentinel.fullname" .root) }}{{ end }}
{{- printf "postgresql://%s:%s@%s:%v/%s%s" .user (.password | urlquery) $host $db.port $db.name (ternary (printf "?%s" $db.params) "" (ne $db.params "")) }}
{{- end }}

{{- define "sentinel.redisUrl" -}}
{{- if .Values.evaluation.redis.enabled }}
{{- printf "redis://%s-redis:6379" (include "sentinel.fullname" .) }}
{{- else }}
{{- .Values.secrets.redisUrl }}
{{- end }}
{{- end }}

{{/* The Secret key every service reads Redis from: one Redis (REDIS_URL) or a Redis Cluster's seed nodes. */}}
{{- define "sentinel.redisKey" -}}
{{- ternary "REDIS_CLUSTER_NODES" "REDIS_URL" (.Values.secrets.redisCluster | default false) }}
{{- end }}

{{/* secretKeyRef env entries: (dict "root" $ "keys" (list ...)) */}}
{{- define "sentinel.secretEnv" -}}
{{- $name := include "sentinel.secretName" .root }}
{{- range .keys }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ $name }}
      key: {{ . }}
{{- end }}
{{- end }}

{{- define "sentinel.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext }}
{{- end }}

{{/*
One Deployment. (dict "root" $ "component" "api" "values" .Values.api "secretKeys" (list ...)
  "probes" (dict "startup" "/p" "liveness" "/p" "readiness" "/p") "env" (list of {name,value})
  "serviceAccount" "name" "automount" bool
  optional: "noConfigMap" true (no envFrom of the shared ConfigMap), "cache" "/path" (a second
  emptyDir there, values.cacheSize))
*/}}
{{- define "sentinel.deployment" -}}
{{- $root := .root }}
{{- $v := .values }}
{{- $labels := dict "root" $root "component" .component }}
{{- $hpa := and $v.autoscaling $v.autoscaling.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "sentinel.fullname" $root }}-{{ .component }}
  labels:
    {{- include "sentinel.labels" $labels | nindent 4 }}
spec:
  {{- if not $hpa }}
  replicas: {{ $v.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "sentinel.selectorLabels" $labels | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "sentinel.labels" $labels | nindent 8 }}
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ .serviceAccount }}
      automountServiceAccountToken: {{ .automount }}
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ add 15 (div (int (default 10000 $root.Values.config.SHUTDOWN_TIMEOUT_MS)) 1000) (div (int (default 0 $root.Values.config.SHUTDOWN_DRAIN_MS)) 1000) }}
      securityContext:
        {{- include "sentinel.podSecurityContext" $root | nindent 8 }}
      {{- with $root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      {{- if $root.Values.topologySpread.enabled }}
      topologySpreadConstraints:
        {{- range $key := list "kubernetes.io/hostname" "topology.kubernetes.io/zone" }}
        - maxSkew: {{ $root.Values.topologySpread.maxSkew }}
          topologyKey: {{ $key }}
          whenUnsatisfiable: {{ $root.Values.topologySpread.whenUnsatisfiable }}
          labelSelector:
            matchLabels:
              {{- include "sentinel.selectorLabels" $labels | nindent 14 }}
        {{- end }}
      {{- end }}
      affinity:
        {{- if $v.affinity }}
        {{- toYaml $v.affinity | nindent 8 }}
        {{- else }}
        # Default: prefer one replica per node (topologySpreadConstraints balance them too).
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    {{- include "sentinel.selectorLabels" $labels | nindent 20 }}
        {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "sentinel.image" (dict "root" $root "image" $v.image) }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- with .args }}
          args:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          ports:
            - name: http
              containerPort: {{ $v.port }}
              protocol: TCP
          {{- if not .noConfigMap }}
          envFrom:
            - configMapRef:
                name: {{ include "sentinel.fullname" $root }}-config
          {{- end }}
          env:
            {{- include "sentinel.secretEnv" (dict "root" $root "keys" .secretKeys) | nindent 12 }}
            {{- with .env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
            {{- range $k, $val := $v.env }}
            - name: {{ $k }}
              value: {{ $val | toString | quote }}
            {{- end }}
          startupProbe:
            httpGet: { path: {{ .probes.startup }}, port: http }
            periodSeconds: 2
            timeoutSeconds: 2
            failureThreshold: 60
          readinessProbe:
            httpGet: { path: {{ .probes.readiness }}, port: http }
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          livenessProbe:
            httpGet: { path: {{ .probes.liveness }}, port: http }
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 6
          resources:
            {{- toYaml .resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.containerSecurityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with .cache }}
            - name: cache
              mountPath: {{ . }}
            {{- end }}
            {{- with .volumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $v.tmpSize }}
        {{- if .cache }}
        - name: cache
          emptyDir:
            sizeLimit: {{ $v.cacheSize }}
        {{- end }}
        {{- with .volumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
{{- end }}

{{- define "sentinel.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "sentinel.fullname" .root }}-{{ .component }}
  labels:
    {{- include "sentinel.labels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "sentinel.selectorLabels" (dict "root" .root "component" .component) | nindent 4 }}
  ports:
    - name: http
      port: {{ .port }}
      targetPort: http
      protocol: TCP
{{- end }}

{{- define "sentinel.pdb" -}}
{{- $v := .values }}
{{- $min := $v.replicas }}
{{- if and $v.autoscaling $v.autoscaling.enabled }}{{ $min = $v.autoscaling.minReplicas }}{{ end }}
{{- if gt (int $min) 1 }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "sentinel.fullname" .root }}-{{ .component }}
  labels:
    {{- include "sentinel.labels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  maxUnavailable: {{ $v.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "sentinel.selectorLabels" (dict "root" .root "component" .component) | nindent 6 }}
{{- end }}
{{- end }}

{{/* NetworkPolicy helpers */}}
{{- define "sentinel.np.components" -}}
podSelector:
  matchLabels:
    app.kubernetes.io/name: {{ include "sentinel.name" .root }}
    app.kubernetes.io/instance: {{ .root.Release.Name }}
  matchExpressions:
    - key: app.kubernetes.io/component
      operator: In
      values: {{ toJson .components }}
{{- end }}
{{- define "sentinel.np.egress" -}}
- ports:
    {{- range .ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
  {{- with .to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
