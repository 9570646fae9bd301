// complex128 constants ({{ 1+2i }}): the value model has no complex numbers, so they are a
// small struct that prints as Go prints them ("(1+2i)").
import { formatFloat } from './floatfmt.js';
import { GoStruct } from './value.js';

export class GoComplex extends GoStruct {
  readonly #re: number;
  readonly #im: number;
  constructor(re: number, im: number) {
    super();
    this.#re = re;
    this.#im = im;
  }
  get goType(): string {
    return 'complex128';
  }
  String(): string {
    const im = formatFloat(this.#im, 'g', -1);
    return `(${formatFloat(this.#re, 'g', -1)}${im.startsWith('-') || im.startsWith('+') ? im : '+' + im}i)`;
  }
}
