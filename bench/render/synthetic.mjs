// Writes a large synthetic chart: SERVICES value entries and TEMPLATES templates (each a
// Deployment, Service and ConfigMap built with range/if/with/include/printf), about 1 MB of
// output. It uses only what Go's text/template offers plus include/quote/nindent/upper, so the
// Go program (main.go) can render the very same templates and values.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export function writeSyntheticChart(dir, { services = 50, templates = 500 } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: synthetic\nversion: 1.0.0\nappVersion: "1.0"\n');
  const values = {
    global: { domain: 'example.com', registry: 'registry.example.com' },
    services: Array.from({ length: services }, (_, i) => ({
      name: `svc-${i}`,
      port: 8000 + i,
      replicas: (i % 5) + 1,
      expose: i % 3 === 0,
      image: { repository: `team/app-${i}`, tag: `v1.${i}.0` },
      labels: { tier: i % 2 ? 'backend' : 'frontend', owner: `team-${i % 7}`, zone: `z${i % 3}` },
      env: Array.from({ length: 16 }, (_, j) => ({ name: `VAR_${j}`, value: `value-${i}-${j}` })),
      resources: { cpu: `${100 + i}m`, memory: `${128 + i}Mi` },
    })),
  };
  writeFileSync(join(dir, 'values.json'), JSON.stringify(values));
  // The same values as block-style YAML, as charts write them (strings quoted, so every reader
  // agrees on the types).
  writeFileSync(join(dir, 'values.yaml'), stringify(values, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }));
  writeFileSync(
    join(dir, 'templates', '_helpers.tpl'),
    `{{- define "syn.labels" -}}
app.kubernetes.io/name: {{ .svc.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- range $k, $v := .svc.labels }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end -}}
{{- define "syn.fullname" -}}{{ printf "%s-%s" .root.Release.Name .svc.name }}{{- end -}}
`,
  );
  for (let t = 0; t < templates; t++) {
    const idx = t % services;
    writeFileSync(
      join(dir, 'templates', `app-${String(t).padStart(3, '0')}.yaml`),
      `{{- $svc := index .Values.services ${idx} }}
{{- $ctx := dict "svc" $svc "root" . }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "syn.fullname" $ctx }}-${t}
  labels:
    {{- include "syn.labels" $ctx | nindent 4 }}
spec:
  replicas: {{ $svc.replicas }}
  template:
    metadata:
      labels:
        {{- include "syn.labels" $ctx | nindent 8 }}
    spec:
      containers:
        - name: {{ $svc.name }}
          image: "{{ .Values.global.registry }}/{{ $svc.image.repository }}:{{ $svc.image.tag }}"
          ports:
            - containerPort: {{ $svc.port }}
          env:
            {{- range $i, $e := $svc.env }}
            - name: {{ $e.name | upper }}
              value: {{ printf "%s-%d" $e.value $i | quote }}
            {{- end }}
          resources:
            requests:
              cpu: {{ $svc.resources.cpu }}
              memory: {{ $svc.resources.memory }}
{{- if $svc.expose }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "syn.fullname" $ctx }}-${t}
spec:
  ports:
    - port: {{ $svc.port }}
      targetPort: {{ $svc.port }}
  selector:
    {{- include "syn.labels" $ctx | nindent 4 }}
{{- else }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "syn.fullname" $ctx }}-${t}-internal
data:
  {{- with $svc.labels }}
  owner: {{ .owner | quote }}
  {{- end }}
  host: {{ printf "%s.%s" $svc.name $.Values.global.domain | quote }}
{{- end }}
`,
    );
  }
}
