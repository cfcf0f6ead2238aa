import type { DimensionResult, PerspectiveResult } from '../analysis/report';
import type { Translate } from '../i18n';

/**
 * A score's standing in words: the target status first, then the category as a position on the
 * scale ("di bawah target · posisi pada skala: tinggi"). The category alone read as a verdict
 * ("tinggi") beside a negative gap, so it never stands before or without the target status when
 * there is one. Without an interval (n < 2) only the position is said.
 */
export function standingText(row: Pick<PerspectiveResult | DimensionResult, 'target_status' | 'category'>, t: Translate): string {
  const status = row.target_status === null ? null : t(`report.target_status.${row.target_status}`);
  const position = row.category === null ? null : t('report.scale_position', { category: t(`report.category.${row.category}`) });
  if (status !== null && position !== null) return t('report.standing', { status, position });
  return status ?? position ?? '—';
}
