"""Writes random fmt.Sprintf cases (test/fixtures/gotemplate/cases/fmt-fuzz.yaml) for a
differential check of src/gotemplate/fmt.ts against Go: generate.mjs records Go's output.

  python3 scripts/gotemplate-fixtures/fuzz_fmt.py SEED COUNT > test/fixtures/gotemplate/cases/fmt-fuzz.yaml
  node scripts/gotemplate-fixtures/generate.mjs

Keep the committed file small: drop the cases whose output is huge (a * width of 1000000).
"""
import random
import sys

import yaml

r = random.Random(int(sys.argv[1]))
FLOATS = [0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 0.1, 1 / 3, 123456.789, 1e6, 1e21, 1e-7, 123456789.0, -0.000123,
          3.14159265358979, 1e100, 5e-324, 1.7976931348623157e308, 99.995, 0.045, 1234.5, 100.0]
STRINGS = ['', 'a', 'héllo', 'tab\there', 'quote"s', 'new\nline', '日本語', '\u00ff', 'back`tick', '☺x', ' spaced ']


def arg():
    k = r.random()
    if k < 0.3:
        return r.choice(FLOATS)
    if k < 0.5:
        return {'$int': r.choice([0, 1, -1, 42, 255, -255, 65, 9731, 1000000, 0x10FFFF + 1, -7])}
    if k < 0.7:
        return r.choice(STRINGS)
    if k < 0.75:
        return r.choice([True, False])
    if k < 0.78:
        return None
    if k < 0.84:
        return [r.choice(FLOATS), r.choice(STRINGS), {'$int': 3}]
    if k < 0.88:
        return {'b': r.choice(FLOATS), 'a': r.choice(STRINGS)}
    if k < 0.91:
        return {'$uint8': r.choice([0, 7, 200])}
    if k < 0.94:
        return {'$float32': r.choice([0.1, 1.5, 16777217.0, 3.4e38])}
    if k < 0.95:
        return {'$strings': [r.choice(STRINGS) for _ in range(2)]}
    if k < 0.97:
        return {'$bytes': r.choice(STRINGS)}
    if k < 0.985:
        return {'$person': {'Name': r.choice(STRINGS), 'Age': r.choice([0, 3, -1]), 'Tags': [r.choice(STRINGS)]}}
    return {'$point': {'X': r.choice([0, 1, -2]), 'Y': 5}}


def spec():
    flags = ''.join(r.choice(['', '', '+', '-', '#', '0', ' ']) for _ in range(r.randint(0, 2)))
    width = r.choice(['', '', '', '5', '12', '*', '1', '0'])
    prec = r.choice(['', '', '', '.0', '.2', '.10', '.*', '.'])
    verb = r.choice('vvvdsqxXofeEgGtcUbTF%')
    return '%' + flags + width + prec + verb


cases = []
for i in range(int(sys.argv[2])):
    fmt = ''.join(r.choice([spec(), spec(), 'x', ' ', '|']) for _ in range(r.randint(1, 4)))
    nargs = fmt.count('%') - fmt.count('%%') * 2 + fmt.count('*') + r.choice([0, 0, 0, 1, -1])
    cases.append({'name': 'ff%d' % i, 'format': fmt, 'args': [arg() for _ in range(max(0, nargs))]})
sys.stdout.write("# Random fmt.Sprintf formats and arguments (scripts/gotemplate-fixtures/fuzz_fmt.py) with Go's output.\n")
sys.stdout.write(yaml.safe_dump({'kind': 'fmt', 'cases': cases}, sort_keys=False, allow_unicode=True, width=1000))
