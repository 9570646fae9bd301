import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { normalizeBooleanFlags } from '../../src/cli/argv.js';

const program = new Command('flux-ts')
  .option('-v, --version')
  .option('-n, --namespace <ns>')
  .option('-A, --all-namespaces')
  .option('-w, --watch');
program.command('resume').option('--wait').option('--no-wait');
program.command('install').option('--wait').option('-v, --version <string>');
program.command('get').option('--no-header');

describe('pflag-style flags', () => {
  it('turns --flag=true into --flag and drops --flag=false on a plain boolean', () => {
    expect(normalizeBooleanFlags(['get', '--watch=true'], program)).toEqual(['get', '--watch']);
    expect(normalizeBooleanFlags(['get', '--watch=false'], program)).toEqual(['get']);
  });

  it('keeps an explicit false visible when the command declares the negated flag', () => {
    expect(normalizeBooleanFlags(['resume', '--wait=false'], program)).toEqual(['resume', '--no-wait']);
  });

  it("does not borrow another command's negated flag", () => {
    expect(normalizeBooleanFlags(['install', '--wait=false'], program)).toEqual(['install']);
  });

  it('--no-header=false on a flag that only exists negated means its default (the header)', () => {
    expect(normalizeBooleanFlags(['get', '--no-header=false'], program)).toEqual(['get']);
    expect(normalizeBooleanFlags(['get', '--no-header=true'], program)).toEqual(['get', '--no-header']);
  });

  it('lets a sub-command’s valued flag win over a parent’s boolean of the same name', () => {
    expect(normalizeBooleanFlags(['install', '--version=v0.1.0'], program)).toEqual(['install', '--version=v0.1.0']);
    expect(normalizeBooleanFlags(['install', '-v=v0.1.0'], program)).toEqual(['install', '-v', 'v0.1.0']);
  });

  it('splits -n=value as pflag does', () => {
    expect(normalizeBooleanFlags(['get', '-n=apps'], program)).toEqual(['get', '-n', 'apps']);
    expect(normalizeBooleanFlags(['get', '-A=true'], program)).toEqual(['get', '-A']);
    expect(normalizeBooleanFlags(['get', '-A=false'], program)).toEqual(['get']);
  });

  it('leaves everything after -- alone', () => {
    expect(normalizeBooleanFlags(['--', '--watch=true', '-n=x'], program)).toEqual(['--', '--watch=true', '-n=x']);
  });
});
