import { z } from 'zod';

/** Every user-facing text of an instrument exists in Indonesian (default) and English. */
export const TextSchema = z.object({
  id: z.string().trim().min(1, 'Indonesian text is required'),
  en: z.string().trim().min(1, 'English text is required'),
});
export type Text = z.infer<typeof TextSchema>;

export const FOCUS_AREAS = ['hr_development', 'technology_use', 'sop_compliance', 'work_culture'] as const;
export const FocusSchema = z.enum(FOCUS_AREAS);
export type Focus = z.infer<typeof FocusSchema>;

// Codes appear in CSV headers and URLs: keep them to letters, digits, '-' and '_'.
const CodeSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'use letters, digits, "-" or "_" (max 40), starting with a letter');

/** Questionnaire form fields and paper CSV columns that are not items. */
const RESERVED_ITEM_CODES = new Set(['form_id', 'unit', 'grade', 'source_line', 'reason', 'nav', 'lang', 'csrf', 'comment']);

export const ItemSchema = z.object({
  code: CodeSchema,
  text: TextSchema,
});

export const DimensionSchema = z.object({
  code: CodeSchema,
  name: TextSchema,
  description: TextSchema.optional(),
  focus: FocusSchema.nullable().default(null),
  items: z.array(ItemSchema).min(1, 'a dimension needs at least one item').max(20),
});

export const PerspectiveSchema = z.object({
  code: CodeSchema,
  name: TextSchema,
  description: TextSchema.optional(),
  dimensions: z.array(DimensionSchema).min(1, 'a perspective needs at least one dimension'),
});

export const ScaleSchema = z
  .object({
    // Answers are stored as one byte per item with 0 meaning "no answer", so scales start at 1.
    min: z.literal(1),
    max: z.number().int().min(3).max(10),
    labels: z.array(z.object({ value: z.number().int(), id: z.string().trim().min(1), en: z.string().trim().min(1) })),
  })
  .superRefine((scale, ctx) => {
    const expected = scale.max - scale.min + 1;
    if (scale.labels.length !== expected) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: `expected ${expected} labels, one per scale point` });
      return;
    }
    // Paper forms may be typed with labels instead of numbers: a label must mean one point only.
    const meaning = new Map<string, number>();
    scale.labels.forEach((label, index) => {
      for (const language of ['id', 'en'] as const) {
        const key = label[language].toLowerCase().replace(/\s+/g, ' ');
        if (/^\d+$/.test(key)) {
          ctx.addIssue({ code: 'custom', path: ['labels', index, language], message: 'a label cannot be a number' });
        } else if (meaning.has(key) && meaning.get(key) !== label.value) {
          ctx.addIssue({ code: 'custom', path: ['labels', index, language], message: `"${label[language]}" is already the label of ${meaning.get(key)}` });
        }
        meaning.set(key, label.value);
      }
    });
    scale.labels.forEach((label, index) => {
      if (label.value !== scale.min + index) {
        ctx.addIssue({ code: 'custom', path: ['labels', index, 'value'], message: `expected ${scale.min + index} (labels in scale order)` });
      }
    });
  });

export const InstrumentSchema = z
  .object({
    code: CodeSchema,
    version: z.number().int().min(1).default(1),
    name: TextSchema,
    description: TextSchema.optional(),
    estimated_minutes: z.number().int().min(1).max(120).default(15),
    scale: ScaleSchema,
    perspectives: z.array(PerspectiveSchema).min(1),
  })
  .superRefine((instrument, ctx) => {
    // Item codes are also questionnaire field names and paper CSV headers: they must not collide
    // with the fields and columns Potret itself uses there.
    instrument.perspectives.forEach((perspective, p) =>
      perspective.dimensions.forEach((dimension, d) =>
        dimension.items.forEach((item, i) => {
          const name = item.code.toLowerCase().replace(/-/g, '_');
          if (RESERVED_ITEM_CODES.has(name) || name.startsWith('comment')) {
            ctx.addIssue({ code: 'custom', path: ['perspectives', p, 'dimensions', d, 'items', i, 'code'], message: `"${item.code}" is reserved for Potret's own fields` });
          }
        }),
      ),
    );
    // Codes are keys in stored answers, CSV headers and report JSON: they must be unique across the instrument.
    const seen = new Map<string, string>();
    instrument.perspectives.forEach((perspective, p) => {
      const check = (code: string, path: (string | number)[]) => {
        const key = code.toLowerCase();
        if (seen.has(key)) {
          ctx.addIssue({ code: 'custom', path, message: `code "${code}" is already used by ${seen.get(key)}` });
        } else {
          seen.set(key, path.join('.'));
        }
      };
      check(perspective.code, ['perspectives', p, 'code']);
      perspective.dimensions.forEach((dimension, d) => {
        check(dimension.code, ['perspectives', p, 'dimensions', d, 'code']);
        dimension.items.forEach((item, i) => check(item.code, ['perspectives', p, 'dimensions', d, 'items', i, 'code']));
      });
    });
  });

export type Instrument = z.infer<typeof InstrumentSchema>;
export type Perspective = Instrument['perspectives'][number];
export type Dimension = Perspective['dimensions'][number];
export type Item = Dimension['items'][number];
