/**
 * The steps of a wizard that are not questions, as the AWS CLI's wizard/core.py runs them: values worked
 * out while planning (`apicall`, `sharedconfig` ListProfiles, `template`, `load-data`, `dump-data`) and the
 * `execute` part's steps (`apicall`, `sharedconfig` SetValues, `define-variable`, `merge-dict`,
 * `load-data`, `dump-data`), each run only when its condition holds. What they reach outside the
 * wizard (services, the config file, files) goes through WizardServices.
 */
import { IsoawsError } from '../../core/errors.js';
import { pyJsonDumps, pyStr } from '../../core/query/python-text.js';
import { search } from '../../core/query/index.js';
import type { ExecuteStep, ValueDefinition } from './definition.js';
import {
  conditionMet,
  deepMerge,
  isMapping,
  MissingValueError,
  renderTemplate,
  resolveVariables,
  type Lookup,
  type ResolveOptions,
} from './template.js';

/** What a wizard reaches outside itself. */
export interface WizardServices {
  /** Calls `operation` of botocore's `service`, every page merged into one result when `paginate`. */
  call(service: string, operation: string, params: Record<string, unknown>, paginate: boolean): Promise<unknown>;
  /** The profiles of the config and credentials files (botocore's `available_profiles`). */
  profiles(): Promise<string[]>;
  /** Sets `values` in the config file's section of `profile` (the default profile when undefined). */
  writeConfig(profile: string | undefined, values: Record<string, string>): Promise<void>;
  /** A file's bytes (`__wizard__:File`), its path as typed: `~` and relative paths allowed. */
  readFile(path: string): Promise<Uint8Array>;
}

/** The values of a wizard: those given (answers, step outputs) and a way to look any of them up. */
export interface WizardValues {
  lookup: Lookup;
  set(name: string, value: unknown): void;
}

/**
 * The CLI's APIInvoker: `{name}` references in the parameters resolved, `optional_params` added when not
 * None, the answer searched with `query`; with `cache`, one call per distinct request for the run.
 */
export class ApiInvoker {
  private readonly cache = new Map<string, Promise<unknown>>();
  constructor(private readonly services: WizardServices) {}

  async invoke(step: ValueDefinition, lookup: Lookup): Promise<unknown> {
    const [service, operation] = splitOperation(step.operation);
    const opts = { lookup, readFile: (path: string) => this.services.readFile(path) };
    const resolved = await resolveVariables(step.params ?? {}, opts);
    if (!isMapping(resolved)) throw new IsoawsError(`The parameters of ${step.operation} are not a mapping`);
    const params: Record<string, unknown> = { ...resolved };
    if (step.optional_params !== undefined) {
      const optional = await resolveVariables(step.optional_params, opts);
      if (isMapping(optional))
        for (const [key, value] of Object.entries(optional))
          if (!(key in params) && value !== null && value !== undefined) params[key] = value;
    }
    const call = () => this.services.call(service, operation, params, step.paginate === true);
    let response: unknown;
    if (step.cache === true) {
      const key = JSON.stringify([service, operation, params]);
      let cached = this.cache.get(key);
      if (!cached) this.cache.set(key, (cached = call()));
      response = await cached;
    } else {
      response = await call();
    }
    return step.query === undefined ? response : search(step.query, response);
  }
}

/** `dynamodb.CreateTable` → `['dynamodb', 'CreateTable']`. */
function splitOperation(operation: string | undefined): [string, string] {
  const dot = operation?.indexOf('.') ?? -1;
  if (dot < 1) throw new IsoawsError(`Invalid operation in wizard definition: ${String(operation)}`);
  return [operation!.slice(0, dot), operation!.slice(dot + 1)];
}

/**
 * A planned value that is worked out rather than asked: its value, or undefined when `step` is not of a
 * kind worked out (a prompt).
 */
export async function retrieveValue(
  step: ValueDefinition,
  lookup: Lookup,
  invoker: ApiInvoker,
  services: WizardServices,
): Promise<{ value: unknown } | undefined> {
  switch (step.type) {
    case 'apicall':
      return { value: await invoker.invoke(step, lookup) };
    case 'sharedconfig':
      if (step.operation !== 'ListProfiles')
        throw new IsoawsError(`Unsupported sharedconfig operation in wizard definition: ${String(step.operation)}`);
      return { value: await services.profiles() };
    case 'template':
      return { value: await renderTemplate(String(step.value), lookup) };
    case 'load-data':
    case 'dump-data':
      return { value: await convertData(step, lookup, services) };
    default:
      return undefined;
  }
}

/** load-data (JSON text or bytes to a value) and dump-data (a value to Python's json.dumps text). */
async function convertData(step: ValueDefinition, lookup: Lookup, services: WizardServices): Promise<unknown> {
  const value = await resolveVariables(step.value, { lookup, readFile: (path) => services.readFile(path) });
  if (step.type === 'load-data') {
    if (step.load_type !== 'json') throw new IsoawsError(`Unsupported load_type: ${String(step.load_type)}`);
    const text = value instanceof Uint8Array ? new TextDecoder().decode(value) : String(value);
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new IsoawsError(`Invalid JSON in wizard data: ${(err as Error).message}`);
    }
  }
  if (step.dump_type !== 'json') throw new IsoawsError(`Unsupported load_type: ${String(step.dump_type)}`);
  return pyJsonDumps(value, true);
}

/** Runs the `execute` part: every group's steps in order, each when its condition holds. */
export async function execute(
  groups: Record<string, ExecuteStep[]>,
  values: WizardValues,
  invoker: ApiInvoker,
  services: WizardServices,
): Promise<void> {
  const { lookup } = values;
  const opts = { lookup, readFile: (path: string) => services.readFile(path) };
  for (const steps of Object.values(groups)) {
    for (const step of steps) {
      if (step.condition !== undefined && !(await conditionMet(step.condition, lookup))) continue;
      switch (step.type) {
        case 'apicall': {
          const response = await invoker.invoke(step, lookup);
          if (step.output_var !== undefined) values.set(step.output_var, response);
          break;
        }
        case 'sharedconfig': {
          const profile = step.profile === undefined ? undefined : pyStr(await resolveVariables(step.profile, opts));
          await services.writeConfig(profile, await configValues(step.params, opts));
          break;
        }
        case 'define-variable':
          values.set(step.varname!, await resolveVariables(step.value, opts));
          break;
        case 'merge-dict': {
          let merged: unknown = {};
          for (const overlay of step.overlays ?? []) merged = deepMerge(merged, await resolveVariables(overlay, opts));
          values.set(step.output_var!, merged);
          break;
        }
        case 'load-data':
        case 'dump-data':
          values.set(step.output_var!, await convertData(step, lookup, services));
          break;
        default:
          throw new IsoawsError(`Unsupported step type in wizard definition: ${step.type}`);
      }
    }
  }
}

/**
 * A SetValues step's settings as text. A setting whose value is a question that was never asked (its
 * condition did not hold) is left out: the CLI fails the whole step there (`iam wizard new-role` with a
 * credential source other than a profile), after the role is made.
 */
async function configValues(params: unknown, opts: ResolveOptions): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(isMapping(params) ? params : {})) {
    try {
      out[key] = pyStr(await resolveVariables(value, opts));
    } catch (err) {
      if (!(err instanceof MissingValueError)) throw err;
    }
  }
  return out;
}
