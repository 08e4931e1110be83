/**
 * Placement by a model (an OpenAI-compatible server routed in through the model map): the model
 * reads the form's fields and the instructions, free text included, and answers a value per field
 * name. Names it invents are dropped; the values then go through the same checks as local ones.
 */
import type { FormField } from '@jobs-api/api-types';
import { createChatCompletion, invalidAnswer, parseJsonAnswer } from '../../provider/chat-completions.js';
import type { ProviderContext } from '../../provider/tasks.js';
import type { Placement } from './assign.js';
import type { Instructions } from './instructions.js';

/** Asks the model which value goes in which field. */
export async function placeWithProvider(fields: FormField[], instructions: Instructions, context: ProviderContext): Promise<Placement[]> {
  const described = fields.map((field) => ({
    name: field.name,
    type: field.type,
    label: field.label,
    ...(field.description ? { context: field.description } : {}),
    ...(field.options ? { options: field.options } : {}),
    page: field.page,
  }));
  const answer = await createChatCompletion(
    context.route,
    [
      {
        role: 'system',
        content:
          'You fill PDF forms. Given the form fields (JSON) and the instructions, answer a JSON object ' +
          '{"values": {"<field name>": <value>}} holding only fields the instructions give a value for: strings for text, ' +
          'true/false for checkboxes, one of the options for radio and choice fields. Items of a list go in the fields for ' +
          'them in order. Never invent values and never fill signature fields.',
      },
      {
        role: 'user',
        content: `Fields:\n${JSON.stringify(described)}\n\nInstructions:\n${typeof instructions === 'string' ? instructions : JSON.stringify(instructions)}`,
      },
    ],
    { response_format: { type: 'json_object' } },
    context,
  );
  const parsed = parseJsonAnswer(answer.content) as { values?: unknown } | null;
  if (!parsed || typeof parsed.values !== 'object' || parsed.values === null || Array.isArray(parsed.values)) {
    throw invalidAnswer('The model answered without a "values" object.');
  }
  const byName = new Map(fields.map((field) => [field.name, field]));
  const placements: Placement[] = [];
  for (const [name, value] of Object.entries(parsed.values as Record<string, unknown>)) {
    const field = byName.get(name);
    if (!field || value === null || (typeof value !== 'string' && typeof value !== 'boolean' && typeof value !== 'number')) continue;
    placements.push({
      entry: { path: [name], source: `model (${context.route.model})`, value: typeof value === 'number' ? String(value) : value },
      field,
      score: 1,
    });
  }
  return placements;
}
