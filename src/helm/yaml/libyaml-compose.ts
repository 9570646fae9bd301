// go-yaml v2's decoder into interface{}, over the node tree of libyaml-parser.ts: scalars resolved
// as YAML 1.1 (resolve.ts), aliases re-decoded where they stand, merge keys applied in document
// order, and go-yaml's errors for what it cannot build.
import { scalarValue, YamlMap, type YamlKey, type YamlValue } from './decode.js';
import { YamlSyntaxError } from './errors.js';
import type { LibyamlNode } from './libyaml-parser.js';
import { TAG_MERGE } from './resolve.js';

class Composer {
  /** Anchored nodes being decoded through aliases, to refuse an alias inside its own anchor. */
  private readonly aliasStack: LibyamlNode[] = [];

  value(n: LibyamlNode): YamlValue {
    switch (n.kind) {
      case 'alias': {
        if (this.aliasStack.includes(n.target)) throw new YamlSyntaxError(`anchor '${n.name}' value contains itself`);
        this.aliasStack.push(n.target);
        try {
          return this.value(n.target);
        } finally {
          this.aliasStack.pop();
        }
      }
      case 'scalar':
        return this.scalar(n);
      case 'sequence': {
        // A loop, not map(): one stack frame per nesting level keeps deep documents in reach.
        const out: YamlValue[] = [];
        for (const item of n.items) out.push(this.value(item));
        return out;
      }
      case 'mapping': {
        const out = new YamlMap();
        this.mapInto(n, out);
        return out;
      }
    }
  }

  private scalar(n: LibyamlNode & { kind: 'scalar' }): YamlValue {
    const { value: text, tag } = n;
    const plain = n.style === 'plain';
    return scalarValue(text, tag, plain);
  }

  /** go-yaml's merge key: a "<<" scalar, plain and untagged or tagged !!merge. */
  private isMergeKey(k: LibyamlNode): boolean {
    if (k.kind !== 'scalar' || k.value !== '<<') return false;
    return k.tag === '' ? k.style === 'plain' : k.tag === TAG_MERGE;
  }

  private mapInto(n: LibyamlNode & { kind: 'mapping' }, out: YamlMap): void {
    for (const [k, v] of n.pairs) {
      if (this.isMergeKey(k)) {
        this.merge(v, out);
        continue;
      }
      const key = this.value(k);
      if (key !== null && typeof key === 'object') throw new YamlSyntaxError(`invalid map key: ${Array.isArray(key) ? '[]interface {}' : 'map[interface {}]interface {}'}`);
      out.set(key as YamlKey, this.value(v));
    }
  }

  // go-yaml v2 writes merged entries into the same map in document order, so a merge after an
  // explicit key overrides it; in a sequence of maps the earlier ones win.
  private merge(v: LibyamlNode, out: YamlMap): void {
    const fail = (): never => {
      throw new YamlSyntaxError('map merge requires map or sequence of maps as the value');
    };
    const deref = (x: LibyamlNode): LibyamlNode => (x.kind === 'alias' ? x.target : x);
    const node = deref(v);
    if (node.kind === 'mapping') return this.mapInto(node, out);
    if (node.kind !== 'sequence') return fail();
    const items = node.items.map(deref);
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i]!;
      if (item.kind !== 'mapping') fail();
      this.mapInto(item as LibyamlNode & { kind: 'mapping' }, out);
    }
  }
}

/** The value go-yaml v2 decodes from a document's root node. */
export function composeValue(root: LibyamlNode): YamlValue {
  return new Composer().value(root);
}
