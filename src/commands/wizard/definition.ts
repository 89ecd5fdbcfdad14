/**
 * A wizard definition as the AWS CLI's YAML files write it (awscli/customizations/wizard/wizards, shipped
 * in definitions.ts), and which wizards each command has. Version 0.1 (`configure wizard`) is a plan of
 * steps run in turn, each naming the next; version 0.2 (the service wizards) is a list of sections whose
 * prompts are asked in order, each when its condition holds, other values being worked out when needed.
 */
import { parse } from 'yaml';
import type { Condition } from './template.js';
import { WIZARD_DEFINITIONS } from './definitions.js';

/** A choice as written: plain text (shown and taken as is), or what is shown and what it stands for. */
export type Choice = string | { display: string; actual_value: unknown };

/** One value of a plan section: asked (`prompt`) or worked out (`apicall`, `template`, …). */
export interface ValueDefinition {
  type: string;
  description?: string;
  /** The choices, or the name of the value holding them. */
  choices?: Choice[] | string;
  condition?: Condition | Condition[];
  datatype?: string;
  default_value?: unknown;
  /** A panel the CLI shows beside the choices; `visible` ones (the previews) are printed here. */
  details?: { value: string; visible?: boolean; description?: string };
  value?: unknown;
  operation?: string;
  params?: unknown;
  optional_params?: unknown;
  query?: string;
  cache?: boolean;
  paginate?: boolean;
  load_type?: string;
  dump_type?: string;
}

export interface Section {
  shortname?: string;
  description?: string;
  values: Record<string, ValueDefinition>;
  /** Version 0.1: the next section's name, DONE, or `{switch: value, <answer>: section}`. */
  next_step?: string | Record<string, string>;
}

/** A step of the `execute` part: an API call, a config write, or one that defines a value. */
export interface ExecuteStep extends ValueDefinition {
  condition?: Condition | Condition[];
  output_var?: string;
  varname?: string;
  overlays?: unknown[];
  profile?: string;
}

export interface WizardDefinition {
  version: string;
  title?: string;
  description?: string;
  /** Sections by name; `__DONE__` (empty) stands for the end in version 0.2. */
  plan: Record<string, Section | null>;
  execute: Record<string, ExecuteStep[]>;
  /** Version 0.2: what is printed once the wizard has run. */
  __OUTPUT__?: { value: string };
}

export const DONE_SECTION = '__DONE__';

/** The wizard `name` of `command` (`_main` is the command's own), read from its YAML; undefined when there is none. */
export function loadDefinition(command: string, name: string): WizardDefinition | undefined {
  const text = Object.hasOwn(WIZARD_DEFINITIONS, `${command}/${name}`)
    ? WIZARD_DEFINITIONS[`${command}/${name}`]
    : undefined;
  return text === undefined ? undefined : (parse(text) as WizardDefinition);
}

/** Every value of the plan by name, in order (the 0.2 traversal reads them all as one list). */
export function planValues(definition: WizardDefinition): Array<[string, ValueDefinition, string]> {
  const out: Array<[string, ValueDefinition, string]> = [];
  for (const [section, body] of Object.entries(definition.plan)) {
    if (section === DONE_SECTION || !body) continue;
    for (const [name, value] of Object.entries(body.values)) out.push([name, value, section]);
  }
  return out;
}
