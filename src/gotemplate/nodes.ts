// The parse tree: typed nodes as in Go's text/template/parse, and their String() forms,
// which appear in Go's error messages ("executing "x" at <.a.b>: ...").

import { sprintf } from './fmt.js';

export interface TextNode {
  type: 'text';
  pos: number;
  text: string;
}

export interface CommentNode {
  type: 'comment';
  pos: number;
  text: string;
}

export interface ListNode {
  type: 'list';
  pos: number;
  nodes: Node[];
}

export interface ActionNode {
  type: 'action';
  pos: number;
  pipe: PipeNode;
}

export interface PipeNode {
  type: 'pipe';
  pos: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}

export interface CommandNode {
  type: 'command';
  pos: number;
  args: ArgNode[];
}

export interface IdentifierNode {
  type: 'identifier';
  pos: number;
  ident: string;
}

export interface VariableNode {
  type: 'variable';
  pos: number;
  ident: string[];
}

export interface DotNode {
  type: 'dot';
  pos: number;
}

export interface NilNode {
  type: 'nil';
  pos: number;
}

export interface FieldNode {
  type: 'field';
  pos: number;
  ident: string[];
}

export interface ChainNode {
  type: 'chain';
  pos: number;
  node: ArgNode;
  field: string[];
}

export interface BoolNode {
  type: 'bool';
  pos: number;
  value: boolean;
}

export interface NumberNode {
  type: 'number';
  pos: number;
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  /** Real and imaginary parts of a complex constant. */
  complex128: [number, number];
  int64: bigint;
  uint64: bigint;
  float64: number;
}

export interface StringNode {
  type: 'string';
  pos: number;
  /** The original text, with quotes. */
  quoted: string;
  text: string;
}

export interface BranchNode {
  type: 'if' | 'range' | 'with';
  pos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}

export interface TemplateNode {
  type: 'template';
  pos: number;
  name: string;
  pipe: PipeNode | null;
}

export interface BreakNode {
  type: 'break' | 'continue';
  pos: number;
}

/** Parser-only markers for {{end}} and {{else}}. */
export interface EndNode {
  type: 'end';
  pos: number;
}

export interface ElseNode {
  type: 'else';
  pos: number;
}

export type ArgNode =
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

export type Node =
  | TextNode
  | CommentNode
  | ListNode
  | ActionNode
  | BranchNode
  | TemplateNode
  | BreakNode
  | EndNode
  | ElseNode
  | CommandNode
  | ArgNode;

/** Go's Node.String(). */
export function nodeString(n: Node): string {
  switch (n.type) {
    case 'text':
      return n.text;
    case 'comment':
      return '{{' + n.text + '}}';
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'action':
      return '{{' + nodeString(n.pipe) + '}}';
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) {
        s = n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ');
      }
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? '(' + nodeString(a) + ')' : nodeString(a))).join(' ');
    case 'identifier':
      return n.ident;
    case 'variable':
      return n.ident.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'field':
      return n.ident.map((i) => '.' + i).join('');
    case 'chain': {
      const base = n.node.type === 'pipe' ? '(' + nodeString(n.node) + ')' : nodeString(n.node);
      return base + n.field.map((f) => '.' + f).join('');
    }
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'if':
    case 'range':
    case 'with': {
      let s = '{{' + n.type + ' ' + nodeString(n.pipe) + '}}' + nodeString(n.list);
      if (n.elseList) s += '{{else}}' + nodeString(n.elseList);
      return s + '{{end}}';
    }
    case 'template':
      return n.pipe ? sprintf('{{template %q %s}}', [n.name, nodeString(n.pipe)]) : sprintf('{{template %q}}', [n.name]);
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'end':
      return '{{end}}';
    case 'else':
      return '{{else}}';
  }
}
