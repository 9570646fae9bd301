// go-yaml v2's decoder into interface{}, over the node tree of libyaml-parser.ts: scalars resolved
// as YAML 1.1 (resolve.ts), aliases re-decoded where they stand, merge keys applied in document
// order, and go-yaml's errors for what it cannot build.
import { scalarValue, YamlMap, type YamlKey, type YamlValue } from './decode.js';
import { YamlSyntaxError } from './errors.js';
import type { LibyamlNode } from './libyaml-parser.js';
import { TAG_MERGE } from './resolve.js';

/** A collection being decoded, or an alias whose target is being decoded. */
type OpenNode =
  | { kind: 'alias' }
  | { kind: 'sequence'; node: LibyamlNode & { kind: 'sequence' }; out: YamlValue[]; i: number }
  | { kind: 'mapping'; node: LibyamlNode & { kind: 'mapping' }; out: YamlMap; i: number; key: YamlKey };

class Composer {
  /** Anchored nodes being decoded through aliases, to refuse an alias inside its own anchor. */
  private readonly aliasStack: LibyamlNode[] = [];

  /**
   * The value of n, built with an explicit stack of the collections (and aliases) being
   * decoded, not recursion: documents nest up to go-yaml's 10000 levels.
   */
  value(root: LibyamlNode): YamlValue {
    const open: OpenNode[] = [];
    let n = root;
    for (;;) {
      let done: YamlValue;
      if (n.kind === 'alias') {
        if (this.aliasStack.includes(n.target)) throw new YamlSyntaxError(`anchor '${n.name}' value contains itself`);
        this.aliasStack.push(n.target);
        open.push({ kind: 'alias' });
        n = n.target;
        continue;
      }
      if (n.kind === 'scalar') done = this.scalar(n);
      else if (n.kind === 'sequence') {
        if (n.items.length > 0) {
          open.push({ kind: 'sequence', node: n, out: [], i: 0 });
          n = n.items[0]!;
          continue;
        }
        done = [];
      } else {
        const f: OpenNode & { kind: 'mapping' } = { kind: 'mapping', node: n, out: new YamlMap(), i: 0, key: null };
        const v = this.nextPair(f);
        if (v) {
          open.push(f);
          n = v;
          continue;
        }
        done = f.out;
      }
      // Store the finished value; move to the next item or value, or finish the collection.
      for (;;) {
        const top = open[open.length - 1];
        if (!top) return done;
        if (top.kind === 'alias') {
          this.aliasStack.pop();
          open.pop();
          continue;
        }
        if (top.kind === 'sequence') {
          top.out.push(done);
          if (++top.i < top.node.items.length) {
            n = top.node.items[top.i]!;
            break;
          }
          done = top.out;
        } else {
          top.out.set(top.key, done);
          top.i++;
          const v = this.nextPair(top);
          if (v) {
            n = v;
            break;
          }
          done = top.out;
        }
        open.pop();
      }
    }
  }

  /**
   * Moves a mapping to its next pair whose value is still to decode: merge keys on the way
   * are applied, the pair's key is decoded. Undefined when the mapping is done.
   */
  private nextPair(f: OpenNode & { kind: 'mapping' }): LibyamlNode | undefined {
    const pairs = f.node.pairs;
    for (; f.i < pairs.length; f.i++) {
      const [k, v] = pairs[f.i]!;
      if (this.isMergeKey(k)) {
        this.merge(v, f.out);
        continue;
      }
      f.key = this.mapKey(k);
      return v;
    }
    return undefined;
  }

  private mapKey(k: LibyamlNode): YamlKey {
    const key = this.value(k);
    if (key !== null && typeof key === 'object') throw new YamlSyntaxError(`invalid map key: ${Array.isArray(key) ? '[]interface {}' : 'map[interface {}]interface {}'}`);
    return key as YamlKey;
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
      const key = this.mapKey(k);
      out.set(key, this.value(v));
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
