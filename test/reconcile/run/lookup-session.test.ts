// When a reconcile opens a lookup session: only for charts whose rendering may call `lookup`.
import { describe, expect, it } from 'vitest';
import { Chart } from '../../../src/helm/chart/index.js';
import { chartMayLookup } from '../../../src/reconcile/run/lookup-session.js';

function chart(templates: Record<string, string>, values: Record<string, unknown> = {}): Chart {
  const c = new Chart();
  c.metadata.name = 'c';
  c.templates = Object.entries(templates).map(([name, text]) => ({ name, data: new TextEncoder().encode(text) }));
  c.values = values as Chart['values'];
  return c;
}

describe('chartMayLookup', () => {
  it('is true for a template calling lookup, in the chart or a subchart', () => {
    expect(chartMayLookup(chart({ 'templates/cm.yaml': '{{ lookup "v1" "ConfigMap" "" "" }}' }))).toBe(true);
    const parent = chart({ 'templates/a.yaml': 'kind: ConfigMap' });
    parent.addDependency(chart({ 'templates/b.yaml': '{{ (lookup "v1" "Secret" .Release.Namespace "x").data }}' }));
    expect(chartMayLookup(parent)).toBe(true);
  });

  it('is true when tpl renders values that call lookup', () => {
    const withTpl = chart({ 'templates/cm.yaml': '{{ tpl .Values.extra . }}' });
    expect(chartMayLookup(withTpl, { extra: '{{ lookup "v1" "Namespace" "" "default" }}' })).toBe(true);
    expect(chartMayLookup(chart({ 'templates/cm.yaml': '{{ tpl .Values.extra . }}' }, { extra: '{{ lookup "v1" "Pod" "" "" }}' }))).toBe(true);
  });

  it('is false otherwise, so no worker starts', () => {
    expect(chartMayLookup(chart({ 'templates/cm.yaml': 'data: {{ .Values.lookupTable | quote }}' }, { lookupTable: 'x' }))).toBe(false);
    expect(chartMayLookup(chart({ 'templates/cm.yaml': '{{ tpl .Values.extra . }}' }), { extra: '{{ .Release.Name }}' })).toBe(false);
  });
});
