import { PlanFormatError } from '../errors.js';
import { PLAN_FORMAT_VERSION, type ConversionPlan } from './plan-model.js';

/** Serialises a plan as JSON (stable key order as built). */
export function serializePlan(plan: ConversionPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/**
 * Reads a plan written by {@link serializePlan}.
 * @throws PlanFormatError when the text is not a plan or has another major `formatVersion`.
 */
export function parsePlan(text: string): ConversionPlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new PlanFormatError('not a conversion plan: invalid JSON', { cause: err });
  }
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version !== 'number') throw new PlanFormatError('not a conversion plan: no formatVersion');
  if (Math.trunc(version) !== PLAN_FORMAT_VERSION) throw new PlanFormatError(`conversion plan format ${version} is not supported (expected ${PLAN_FORMAT_VERSION})`);
  return value as ConversionPlan;
}
