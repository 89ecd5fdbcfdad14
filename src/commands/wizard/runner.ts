/**
 * Runs a wizard one question at a time on plain lines, as the AWS CLI's first runner did (its
 * core.Runner with prompt steps): a question with choices lists them numbered and takes a number (or a
 * choice's text, or Enter for the first); any other shows its default in brackets. Version 0.1
 * definitions (`configure wizard`) follow their plan step by step and then execute; version 0.2 ones (the
 * service wizards) are traversed as the CLI's full-screen WizardApp traverses them: every prompt in
 * order when its condition holds, the visible details (the previews) printed once chosen, then "Run
 * wizard?" (Yes, or Back to the previous question), the execute steps, and the definition's output.
 */
import { IsoawsError } from '../../core/errors.js';
import { pyRepr, pyStr } from '../../core/query/python-text.js';
import { planValues, type Choice, type ValueDefinition, type WizardDefinition } from './definition.js';
import { ApiInvoker, execute, retrieveValue, type WizardServices, type WizardValues } from './steps.js';
import { conditionMet, convertDatatype, MissingValueError, renderTemplate, type Lookup } from './template.js';

/** Where the wizard talks: a question answered by a line, text for stdout, and complaints for stderr. */
export interface WizardIO {
  ask(question: string): Promise<string>;
  say(text: string): void;
  warn(text: string): void;
}

interface ShownChoice {
  display: string;
  value: unknown;
}

/** Runs the wizard `definition` to its end. */
export async function runWizard(definition: WizardDefinition, io: WizardIO, services: WizardServices): Promise<void> {
  if (definition.title !== undefined) io.say(`${definition.title}\n`);
  if (definition.version === '0.1') return runPlan(definition, io, services);
  if (definition.version === '0.2') return runTraversal(definition, io, services);
  throw new IsoawsError(`Definition file has unsupported version ${String(definition.version)} `);
}

/** Answers and step outputs, looked up by name (0.1 keeps only these: every value is worked out as its step runs). */
function givenValues(fallback?: Lookup): WizardValues & { given: Map<string, unknown> } {
  const given = new Map<string, unknown>();
  return {
    given,
    set: (name, value) => given.set(name, value),
    lookup: async (name) => {
      if (given.has(name)) return given.get(name);
      if (fallback) return fallback(name);
      throw new MissingValueError(name);
    },
  };
}

/** Version 0.1: the plan's sections in turn (`next_step` names the next, `DONE` ends it), then the execute part. */
async function runPlan(definition: WizardDefinition, io: WizardIO, services: WizardServices): Promise<void> {
  const values = givenValues();
  const invoker = new ApiInvoker(services);
  const names = Object.keys(definition.plan);
  let index = 0;
  for (;;) {
    const section = definition.plan[names[index]!]!;
    for (const [name, step] of Object.entries(section.values)) {
      if (step.type === 'prompt') {
        const choices = await listedChoices(step, values.lookup);
        // Without choices to offer, the first runner asked for the value as text.
        values.set(name, await askValue(io, step, choices?.length ? choices : undefined));
      } else {
        const retrieved = await retrieveValue(step, values.lookup, invoker, services);
        if (!retrieved) throw new IsoawsError(`Unsupported step type in wizard definition: ${step.type}`);
        values.set(name, retrieved.value);
      }
    }
    const next = section.next_step;
    let target: string | undefined;
    if (typeof next === 'string') target = next;
    else if (next?.switch !== undefined) {
      const answer = pyStr(values.given.get(next.switch) ?? null);
      if (!Object.hasOwn(next, answer)) throw new IsoawsError(`The wizard has no step for '${answer}'`);
      target = next[answer];
    }
    if (target === 'DONE') break;
    index = target === undefined ? index + 1 : names.indexOf(target);
    if (index === names.length) break;
    if (index < 0) throw new IsoawsError(`The wizard has no step named '${String(target)}'`);
  }
  await execute(definition.execute, values, invoker, services);
}

/** Version 0.2: each prompt whose condition holds, a confirmation, the execute part, and the output. */
async function runTraversal(definition: WizardDefinition, io: WizardIO, services: WizardServices): Promise<void> {
  const planned = planValues(definition);
  const steps = new Map(planned.map(([name, step]) => [name, step]));
  const invoker = new ApiInvoker(services);
  // As the CLI's WizardValues: a value not given is worked out afresh each time it is needed.
  const values: WizardValues & { given: Map<string, unknown> } = givenValues(async (name) => {
    const step = steps.get(name);
    const retrieved = step && (await retrieveValue(step, values.lookup, invoker, services));
    if (!retrieved) throw new MissingValueError(name);
    return retrieved.value;
  });
  const prompts = planned.filter(([, step]) => step.type === 'prompt');
  const done = prompts.length;
  const previous: number[] = [];
  let current = 0;
  let announced: string | undefined;
  for (;;) {
    if (current === done) {
      const [run] = await askChoice(io, 'Run wizard?', [
        { display: 'Yes', value: true },
        { display: 'Back', value: false },
      ]);
      if (run!.value === true) break;
      current = previous.pop() ?? current;
      continue;
    }
    const [name, step, section] = prompts[current]!;
    if (section !== announced) {
      const body = definition.plan[section]!;
      io.say(`\n${[body.shortname ?? section, body.description].filter(Boolean).join(': ')}\n`);
      announced = section;
    }
    const choices = await listedChoices(step, values.lookup);
    const earlier = values.given.has(name) ? { value: values.given.get(name) } : undefined;
    if (step.choices !== undefined && !choices?.length) {
      // The CLI's menu is empty then, and taking it gives None.
      io.say(`${step.description}: nothing to choose from\n`);
      values.set(name, null);
    } else {
      values.set(name, await askValue(io, step, choices, earlier));
    }
    if (step.details?.visible === true) {
      const text = pyStr(await values.lookup(step.details.value));
      if (text.trim()) io.say(`\n${step.details.description ?? 'Details'}:\n${text.replace(/\n*$/, '\n')}`);
    }
    previous.push(current);
    current += 1;
    while (current < done && !(await promptApplies(prompts[current]![1], values.lookup))) current += 1;
  }
  await execute(definition.execute, values, invoker, services);
  if (definition.__OUTPUT__) io.say(`${await renderTemplate(definition.__OUTPUT__.value, values.lookup)}\n`);
}

async function promptApplies(step: ValueDefinition, lookup: Lookup): Promise<boolean> {
  return step.condition === undefined || conditionMet(step.condition, lookup);
}

/** A prompt's choices (written out, or the value named), each with what is shown and what it stands for. */
async function listedChoices(step: ValueDefinition, lookup: Lookup): Promise<ShownChoice[] | undefined> {
  if (step.choices === undefined) return undefined;
  const listed = typeof step.choices === 'string' ? await lookup(step.choices) : step.choices;
  if (!Array.isArray(listed)) return undefined;
  return (listed as Choice[]).map((choice) =>
    typeof choice === 'string'
      ? { display: choice, value: choice }
      : { display: pyStr(choice.display), value: choice.actual_value },
  );
}

/**
 * One prompt's answer: a choice, or a line of text (Enter keeps the default, or the earlier answer when
 * going back), converted to its `datatype`; asked again after an answer that does not fit.
 */
async function askValue(
  io: WizardIO,
  step: ValueDefinition,
  choices: ShownChoice[] | undefined,
  earlier?: { value: unknown },
): Promise<unknown> {
  const description = step.description ?? '';
  for (;;) {
    let answer: unknown;
    if (choices) {
      const start = earlier
        ? Math.max(
            0,
            choices.findIndex((c) => Object.is(c.value, earlier.value)),
          )
        : 0;
      [{ value: answer }] = await askChoice(io, description, choices, start);
    } else {
      const fallback = earlier ? earlier.value : step.default_value;
      const shown = fallback === undefined || fallback === null ? undefined : pyStr(fallback);
      const line = await io.ask(shown === undefined ? `${description}: ` : `${description} [${shown}]: `);
      answer = line === '' && shown !== undefined ? shown : line;
    }
    if (step.datatype === undefined) return answer;
    try {
      return convertDatatype(step.datatype, pyStr(answer));
    } catch (err) {
      if (!(err instanceof IsoawsError)) throw err;
      io.warn(`${err.message}\n`);
    }
  }
}

/** The choices numbered under the question; the one taken by number, by its text, or Enter for `start`. */
async function askChoice(io: WizardIO, question: string, choices: ShownChoice[], start = 0): Promise<[ShownChoice]> {
  io.say(`${question}:\n${choices.map((c, i) => `  ${i + 1}) ${c.display}\n`).join('')}`);
  for (;;) {
    const line = (await io.ask(`Choose 1-${choices.length} [${start + 1}]: `)).trim();
    if (line === '') return [choices[start]!];
    const picked = /^\d+$/.test(line) ? choices[Number(line) - 1] : choices.find((c) => c.display === line);
    if (picked) return [picked];
    io.warn(`'${line}' is not a valid choice. Valid choices are: ${pyRepr(choices.map((c) => c.display))}\n`);
  }
}
