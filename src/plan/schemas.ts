import { z } from 'zod';
import { isCalendarDate } from '../dates';

/**
 * What a planner may send for each element of a plan, from a form (every value a string, a
 * repeated field an array) or from the JSON API (numbers and arrays as such). Nothing is coerced
 * by accident: blanks are "not given", numbers are read by `decimalInput`, never by z.coerce.
 */

export const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
export const requiredText = (max: number, message: string) => text(max).min(1, message);
export const optionalText = (max: number) =>
  z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (value ?? '').trim())
    .pipe(z.string().max(max, `at most ${max} characters`));

export const dateInput = z
  .string()
  .trim()
  .refine((value) => isCalendarDate(value), 'use a date such as 2027-03-31');

const optionalDate = z
  .union([z.string(), z.null()])
  .optional()
  .transform((value) => (value ?? '').trim() || null)
  .refine((value) => value === null || isCalendarDate(value), 'use a date such as 2027-03-31');

// "4", "4.5", the Indonesian "4,5" or a JSON number; thousands separators are refused rather than guessed.
// At most a thousand billion either way: a figure beyond that is a typing slip (and 1e400 would be Infinity).
const DECIMAL_LIMIT = 1e15;
const decimalText = z
  .string()
  .trim()
  .regex(/^-?\d+([.,]\d+)?$/, 'use a number such as 20 or 12,5')
  .transform((value) => Number(value.replace(',', '.')));
export const decimalInput = z
  .union([z.number(), decimalText])
  .refine((value) => Number.isFinite(value) && Math.abs(value) <= DECIMAL_LIMIT, 'a number no larger than 10^15 either way');
export const optionalDecimal = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((value) => (value === null || value === undefined || (typeof value === 'string' && value.trim() === '') ? undefined : value))
  .pipe(decimalInput.optional())
  .transform((value) => value ?? null);

/**
 * Whole rupiah as people write them: 12500000, 12.500.000 or Rp 12.500.000 (dots only as thousands
 * separators, in groups of three); a decimal such as 12,5 or 12.5 is refused, not rounded.
 */
const rupiahInput = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((value) => (typeof value === 'string' ? value.trim().replace(/^Rp\.?\s*/i, '') : value))
  .refine((value) => value === null || value === undefined || value === '' || typeof value === 'number' || /^(\d+|\d{1,3}(\.\d{3})+)$/.test(value), 'whole rupiah, 0 or more')
  .transform((value) => (value === null || value === undefined || value === '' ? null : typeof value === 'number' ? value : Number(value.replace(/\./g, ''))))
  .refine((value) => value === null || (Number.isInteger(value) && value >= 0), 'whole rupiah, 0 or more');

const wholeInput = z.union([z.number().int(), z.string().trim().regex(/^\d+$/, 'use a whole number').transform(Number)]);

/** A form's repeated field (one value arrives as a string) or a JSON array. */
const listInput = <T extends z.ZodType<unknown, string | number>>(element: T) =>
  z
    .union([z.array(z.union([z.string(), z.number()])), z.string(), z.number(), z.null()])
    .optional()
    .transform((value) => (value === null || value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .transform((values) => values.filter((value) => !(typeof value === 'string' && value.trim() === '')))
    .pipe(z.array(element));

/** An id from a select or a JSON number; `message` says what to choose when the select was left blank. */
export const chosenId = (message: string) => z.union([z.number().int().positive(), z.string().trim().regex(/^[1-9]\d{0,15}$/, message).transform(Number)]);
const idInput = chosenId('not a valid id');
const idList = listInput(idInput);
const codeList = listInput(z.string().trim().min(1).max(40));

export const PlanInputSchema = z
  .object({
    name: requiredText(200, 'a name is required'),
    organisation: optionalText(200),
    start_year: wholeInput.pipe(z.number().int().min(2000, 'a year such as 2027').max(2100, 'a year such as 2027')),
    end_year: z
      .union([z.number(), z.string(), z.null()])
      .optional()
      .transform((value) => (value === null || value === undefined || value === '' ? undefined : value))
      .pipe(wholeInput.optional()),
    baseline_round: z
      .union([z.number(), z.string(), z.null()])
      .optional()
      .transform((value) => (value === null || value === undefined || value === '' ? undefined : value))
      .pipe(idInput.optional()),
  })
  .transform((plan) => ({ ...plan, end_year: plan.end_year ?? plan.start_year }))
  .refine((plan) => plan.end_year >= plan.start_year && plan.end_year <= plan.start_year + 10, {
    path: ['end_year'],
    message: 'the last year is the first year or up to ten years later',
  });

export const PlanTextsSchema = z.object({
  vision_id: optionalText(2000),
  vision_en: optionalText(2000),
  mission_id: optionalText(5000),
  mission_en: optionalText(5000),
  values_id: optionalText(5000),
  values_en: optionalText(5000),
  signatory_name: optionalText(200),
  signatory_position: optionalText(200),
  signatory_nip: optionalText(40),
  signed_place: optionalText(100),
});

export const PlanSettingsSchema = z.object({
  perspective_order: codeList,
  behind_margin: decimalInput.pipe(z.number().min(0, 'between 0 and 100 points').max(100, 'between 0 and 100 points')),
  load_limit: wholeInput.pipe(z.number().int().min(1, 'at least 1').max(50, 'at most 50')),
});

export const AspirationInputSchema = z.object({
  interviewee: requiredText(200, 'who was interviewed is required'),
  position: optionalText(200),
  interviewed_on: optionalDate,
  notes: optionalText(10000),
  /** One theme per line; a line may end with the perspective codes it concerns in brackets: "Digital services [CUS, IBP]". */
  themes: optionalText(5000),
});

export const SWOT_KINDS = ['strength', 'weakness', 'opportunity', 'threat'] as const;
export type SwotKind = (typeof SWOT_KINDS)[number];

export const SwotInputSchema = z.object({
  kind: z.enum(SWOT_KINDS, 'strength, weakness, opportunity or threat'),
  text: requiredText(1000, 'the text is required'),
});

export const QUADRANTS = ['SO', 'WO', 'ST', 'WT'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

export const OptionInputSchema = z.object({
  quadrant: z.enum(QUADRANTS, 'SO, WO, ST or WT'),
  text: requiredText(1000, 'the strategy is required'),
  factor_ids: idList,
});

export const ObjectiveInputSchema = z.object({
  perspective_code: requiredText(40, 'choose a perspective'),
  code: z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (value ?? '').trim())
    .pipe(z.string().max(20, 'at most 20 characters').regex(/^[A-Za-z0-9.\-_ ]*$/, 'letters, digits, ".", "-" or "_"')),
  name: requiredText(300, 'the objective is required'),
  name_en: optionalText(300),
  description: optionalText(3000),
  dimension_codes: codeList,
  option_ids: idList,
});

export const LinkInputSchema = z.object({
  cause_id: idInput,
  effect_id: idInput,
});

const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, fallback: T[number], message: string) =>
  z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (value ?? '').trim().toLowerCase() || fallback)
    .pipe(z.enum(values, message));

export const POLARITY_VALUES = ['maximize', 'minimize', 'range'] as const;
export const FREQUENCY_VALUES = ['monthly', 'quarterly', 'semester', 'annual'] as const;
export const CONSOLIDATION_VALUES = ['sum', 'average', 'last'] as const;
export const SOURCE_VALUES = ['entered', 'survey', 'absorption', 'skm'] as const;

const optionalPercent = optionalDecimal.refine((value) => value === null || (value >= 0 && value <= 100), 'a percent between 0 and 100');

/**
 * An indicator (IKU): what it measures and how it is judged. `target` is the annual target;
 * a range indicator has `lower_bound` and `upper_bound` instead. A computed source says what it reads:
 * `survey` a dimension or perspective code of the plan's instrument (`source_level`, `source_code`)
 * and `source_measure` mean or favourable_share; `absorption` a spending type in `source_code` (blank = the whole budget);
 * `skm` the stakeholder satisfaction index of the published SKM rounds (`source_code` blank = the IKM, or an
 * element's key = that element's converted value, NRR × 25).
 */
export const IndicatorInputSchema = z
  .object({
    code: optionalText(20),
    name: requiredText(300, 'the indicator is required'),
    unit: optionalText(40),
    target: optionalDecimal,
    definition: optionalText(2000),
    formula: optionalText(1000),
    polarity: optionalChoice(POLARITY_VALUES, 'maximize', 'maximize, minimize or range'),
    lower_bound: optionalDecimal,
    upper_bound: optionalDecimal,
    frequency: optionalChoice(FREQUENCY_VALUES, 'quarterly', 'monthly, quarterly, semester or annual'),
    consolidation: optionalChoice(CONSOLIDATION_VALUES, 'last', 'sum, average or last'),
    baseline: optionalDecimal,
    weight: optionalPercent,
    pic_id: z
      .union([z.number(), z.string(), z.null()])
      .optional()
      .transform((value) => (value === null || value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value))
      .pipe(z.union([z.null(), chosenId('not a valid id')])),
    data_source: optionalText(300),
    source: optionalChoice(SOURCE_VALUES, 'entered', 'entered, survey, absorption or skm'),
    source_level: optionalChoice(['dimension', 'perspective'] as const, 'dimension', 'dimension or perspective'),
    source_code: optionalText(40),
    source_measure: optionalChoice(['mean', 'favourable_share'] as const, 'mean', 'mean or favourable_share'),
  })
  .superRefine((value, context) => {
    if (value.polarity === 'range') {
      if (value.lower_bound === null) context.addIssue({ code: 'custom', path: ['lower_bound'], message: 'a range target needs its lower bound' });
      if (value.upper_bound === null) context.addIssue({ code: 'custom', path: ['upper_bound'], message: 'a range target needs its upper bound' });
      if (value.lower_bound !== null && value.upper_bound !== null && value.lower_bound > value.upper_bound) context.addIssue({ code: 'custom', path: ['upper_bound'], message: 'the upper bound is below the lower bound' });
      if (value.lower_bound === 0 || value.upper_bound === 0) context.addIssue({ code: 'custom', path: [value.lower_bound === 0 ? 'lower_bound' : 'upper_bound'], message: 'a bound of 0 cannot be divided by (achievement is R ÷ bound outside the range)' });
      if ((value.lower_bound !== null && value.lower_bound < 0) || (value.upper_bound !== null && value.upper_bound < 0)) context.addIssue({ code: 'custom', path: ['lower_bound'], message: 'the bounds of a range are above 0 (achievement divides by them)' });
    } else if (value.target === 0) {
      context.addIssue({ code: 'custom', path: ['target'], message: 'a target of 0 cannot be divided by (achievement is R ÷ T × 100): state a target other than 0, for "no complaints at all" the share of cases without one' });
    } else if (value.target !== null && value.target < 0) {
      context.addIssue({ code: 'custom', path: ['target'], message: 'a target is above 0: achievement divides by it, and a negative target would turn better into worse (state a decline as a positive figure, such as the number of cases less)' });
    }
    if (value.source === 'survey' && !value.source_code) context.addIssue({ code: 'custom', path: ['source_code'], message: 'name the dimension or perspective the survey gives (its code)' });
  })
  .transform((value) => ({
    ...value,
    // Absorption is already cumulative: the year to date is its last known value, never a sum.
    consolidation: value.source === 'absorption' ? ('last' as const) : value.consolidation,
    lower_bound: value.polarity === 'range' ? value.lower_bound : null,
    upper_bound: value.polarity === 'range' ? value.upper_bound : null,
    source_level: value.source === 'survey' ? value.source_level : null,
    source_code: value.source === 'entered' ? null : value.source_code || null,
    source_measure: value.source === 'survey' ? value.source_measure : null,
  }));

/** Targets per period: { "2027-Q1": 10, … } (a blank removes that period's target). */
export const PeriodValuesSchema = z.record(z.string(), optionalDecimal);

export const RealisationInputSchema = z.object({
  period: requiredText(20, 'say which period, such as 2027-Q1'),
  value: optionalDecimal,
  note: optionalText(2000),
});

/** Weights of one level in percent by id or code; all blank = equal weights. */
export const WeightsInputSchema = z.record(z.string(), optionalPercent);

export const MonitoringSettingsSchema = z
  .object({
    index_cap: decimalInput.pipe(z.number().min(100, 'at least 100').max(1000, 'at most 1000')),
    red_below: decimalInput.pipe(z.number().min(0, '0 or more').max(1000, 'at most 1000')),
    green_from: decimalInput.pipe(z.number().min(0, '0 or more').max(1000, 'at most 1000')),
  })
  .refine((value) => value.red_below <= value.green_from, { path: ['green_from'], message: 'green starts at or above where red ends' });

export const ReopenInputSchema = z.object({
  reason: requiredText(1000, 'say why the period is reopened'),
});

export const PersonInputSchema = z.object({
  name: requiredText(200, 'a name is required'),
  position: optionalText(200),
  unit: optionalText(200),
  nip: z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (value ?? '').replace(/\s+/g, '') || null)
    .refine((value) => value === null || /^\d{18}$/.test(value), 'an NIP has 18 digits'),
  email: z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (value ?? '').trim() || null)
    .refine((value) => value === null || z.email().safeParse(value).success, 'not an e-mail address'),
});

export const HORIZONS = ['short_term', 'continuous'] as const;

export const ActionInputSchema = z
  .object({
    objective_id: idInput,
    title: requiredText(300, 'a title is required'),
    description: optionalText(5000),
    target_indicator: requiredText(300, 'say what is measured'),
    target_value: optionalDecimal,
    target_unit: optionalText(40),
    starts_on: dateInput,
    ends_on: dateInput,
    due_on: optionalDate,
    pic_id: chosenId('choose the person in charge of the actions'),
    member_ids: idList,
    horizon: z.enum(HORIZONS, 'short_term or continuous'),
    quarters: listInput(z.union([z.number(), z.string()]).pipe(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('1'), z.literal('2'), z.literal('3'), z.literal('4')], 'a quarter is 1, 2, 3 or 4')).transform(Number)),
    budget: rupiahInput,
    budget_code: optionalText(60),
    spending_type: z
      .union([z.string(), z.null()])
      .optional()
      .transform((value) => (value ?? '').trim() || null)
      .refine((value) => value === null || /^\d{2}$/.test(value), 'a spending type is two digits, such as 52'),
  })
  .transform((action) => ({ ...action, due_on: action.due_on ?? action.ends_on }))
  .refine((action) => action.ends_on >= action.starts_on, { path: ['ends_on'], message: 'the end date is before the start date' })
  .refine((action) => action.due_on >= action.starts_on, { path: ['due_on'], message: 'the due date is before the start date' });

export const MilestoneInputSchema = z.object({
  title: requiredText(300, 'a title is required'),
  due_on: dateInput,
});

export const ProgressInputSchema = z
  .object({
    reported_on: dateInput,
    percent: optionalDecimal.refine((value) => value === null || (value >= 0 && value <= 100), 'between 0 and 100'),
    value: optionalDecimal,
    note: optionalText(3000),
    evidence_url: z
      .union([z.string(), z.null()])
      .optional()
      .transform((value) => (value ?? '').trim() || null)
      .refine((value) => value === null || /^https?:\/\/\S+$/i.test(value), 'a web address starting with http:// or https://'),
  })
  .refine((update) => update.percent !== null || update.value !== null, { path: ['percent'], message: 'give the percent complete or the value achieved' });

export const CancelInputSchema = z.object({
  cancelled_on: dateInput,
  reason: requiredText(1000, 'say why the action is cancelled'),
});
