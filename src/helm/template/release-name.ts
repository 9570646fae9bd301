// Release naming for `helm template`: [NAME] CHART, --name-template, --generate-name, and
// Helm's release name validation.

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_RELEASE_NAME = 53;

export class ReleaseNameError extends Error {}

/** chartutil.ValidateReleaseName, worded as `helm template` reports it. */
export function validateReleaseName(name: string): void {
  if (name === '') throw new ReleaseNameError('release name check failed: no name provided');
  if (name.length > MAX_RELEASE_NAME || !RELEASE_NAME.test(name)) {
    throw new ReleaseNameError(
      `release name check failed: release name ${JSON.stringify(name)}: invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53`,
    );
  }
}

export interface NameOptions {
  nameTemplate?: string;
  generateName: boolean;
  /** Renders --name-template (Go template with Sprig, no data). */
  renderNameTemplate: (template: string) => string;
  /** Seconds since the epoch, for --generate-name. */
  now: () => number;
}

/** install.NameAndChart with `helm template`'s default name "release-name". */
export function nameAndChart(args: string[], opts: NameOptions): { name: string; chart: string } {
  const flagsNotSet = (): void => {
    if (opts.generateName) throw new Error('cannot set --generate-name and also specify a name');
    if (opts.nameTemplate) throw new Error('cannot set --name-template and also specify a name');
  };
  if (args.length > 2) throw new Error(`expected at most two arguments, unexpected arguments: ${args.slice(2).join(', ')}`);
  if (args.length === 2) {
    flagsNotSet();
    return { name: args[0]!, chart: args[1]! };
  }
  if (opts.nameTemplate) return { name: opts.renderNameTemplate(opts.nameTemplate), chart: args[0]! };
  // `helm template` always sets a release name before this point.
  return { name: 'release-name', chart: args[0]! };
}
