import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** A flow as the body of validate / publish: the definition as a JSON object, or its YAML source as text. */
export const flowBodySchema = z
  .union([z.string().min(1, 'is empty'), z.record(z.string(), z.unknown())])
  .describe('The flow: a JSON object, or YAML text (Content-Type application/yaml)');

export const statusBodySchema = z.object({
  stop_journeys: z
    .boolean()
    .default(false)
    .describe(
      'Also end the journeys already in the flow (pause / archive only): exit reason recorded, waits cancelled',
    ),
});

export const simulateBodySchema = z.object({
  flow: flowBodySchema,
  events: z
    .array(z.record(z.string(), z.unknown()))
    .min(1, 'needs at least one event')
    .max(1000)
    .describe('The timeline: CloudEvents, in any order (sorted by time)'),
  customer: z
    .object({
      email: z.email().optional(),
      locale: z.string().min(2).max(35).optional(),
      timezone: z.string().min(1).max(64).optional(),
    })
    .optional()
    .describe("The customer's profile (its id is the first event's subject)"),
  horizon: z
    .string()
    .regex(/^P/, 'must be an ISO 8601 duration such as P90D')
    .default('P90D')
    .describe('Keep firing timers this long after the last event'),
});

export class StatusBodyDto extends createZodDto(statusBodySchema) {}
export class SimulateBodyDto extends createZodDto(simulateBodySchema) {}

// Answers.

const issueSchema = z
  .object({ path: z.string(), line: z.number().int(), column: z.number().int(), message: z.string() })
  .meta({ id: 'FlowIssue' });

export const validationResultSchema = z.object({
  valid: z.boolean(),
  errors: z.array(issueSchema),
  flow: z.object({ id: z.string(), name: z.string(), version: z.string() }).optional(),
});

const versionRef = z.object({ number: z.number().int(), hash: z.string() });

export const flowSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['active', 'paused', 'archived']),
    version: versionRef,
    published_at: z.string(),
    versions: z.number().int(),
    open_journeys: z.number().int(),
    moments: z.array(z.enum(['fmot', 'smot', 'tmot'])).describe('Moments of truth the steps declare'),
  })
  .meta({ id: 'FlowSummary' });

export const flowListSchema = z.object({ flows: z.array(flowSummarySchema) });

export const flowGraphSchema = z
  .object({
    nodes: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        moment: z.enum(['fmot', 'smot', 'tmot']).nullable(),
        category: z.enum(['transactional', 'marketing', 'survey']).nullable(),
        label: z.string(),
      }),
    ),
    edges: z.array(z.object({ from: z.string(), to: z.string(), label: z.string().optional() })),
  })
  .meta({ id: 'FlowGraph' });

export const flowDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['active', 'paused', 'archived']),
  version: versionRef,
  published_at: z.string(),
  source_file: z.string().nullable(),
  definition: z.record(z.string(), z.unknown()).describe('The newest version, as published'),
  versions: z.array(
    z.object({
      number: z.number().int(),
      hash: z.string(),
      status: z.enum(['active', 'paused', 'archived']),
      source_file: z.string().nullable(),
      published_at: z.string(),
    }),
  ),
  graph: flowGraphSchema,
});

export const publishResultSchema = z.object({
  id: z.string(),
  action: z.enum(['published', 'unchanged']),
  version: versionRef,
  status: z.enum(['active', 'paused', 'archived']),
  previous: versionRef.optional(),
  changes: z.array(z.string()).describe('What changed since the previous version'),
});

export const statusResultSchema = z.object({
  id: z.string(),
  status: z.enum(['active', 'paused', 'archived']),
  stopped_journeys: z.number().int(),
});

export const simulationResultSchema = z.object({
  flow: z.object({ id: z.string(), version: z.string() }),
  entries: z.array(
    z.object({
      at: z.string(),
      kind: z.string(),
      journey_id: z.string().optional(),
      step_id: z.string().optional(),
      detail: z.string(),
      command: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  commands: z.array(z.record(z.string(), z.unknown())).describe('The commands the flow would emit, in order'),
  journeys: z.array(z.object({ id: z.string(), status: z.string(), current_step: z.string().nullable() })),
  pending_timers: z.number().int(),
});

export class ValidationResultDto extends createZodDto(validationResultSchema) {}
export class FlowListDto extends createZodDto(flowListSchema) {}
export class FlowDetailDto extends createZodDto(flowDetailSchema) {}
export class PublishResultDto extends createZodDto(publishResultSchema) {}
export class StatusResultDto extends createZodDto(statusResultSchema) {}
export class SimulationResultDto extends createZodDto(simulationResultSchema) {}

export type ValidationResultJson = z.input<typeof validationResultSchema>;
export type FlowListJson = z.input<typeof flowListSchema>;
export type FlowDetailJson = z.input<typeof flowDetailSchema>;
export type PublishResultJson = z.input<typeof publishResultSchema>;
export type StatusResultJson = z.input<typeof statusResultSchema>;
export type SimulationResultJson = z.input<typeof simulationResultSchema>;
