import type { ErrorDetail } from './result.ts';
import type {
  AmountUnit, CheckedDifference, CheckedExecution, CheckedRow, SelfEvalCheckResult, SelfEvalLayoutCode,
} from '../rules/selfEvalLayouts.ts';

export type { AmountUnit, CheckedDifference, CheckedExecution, CheckedRow, SelfEvalLayoutCode };

/**
 * 核对单位自评表 (selfEvalCheck.check): the unit's filled table read in its layout, the app's
 * scores under the chosen profile with the layout's weights, and every difference with its reason.
 * Amounts in 分; rates in % (2 dp); scores 2 dp.
 */
export interface SelfEvalCheckDto extends Omit<SelfEvalCheckResult, 'layout' | 'layoutName'> {
  fileName: string;
  sheet: string;
  layout: { code: SelfEvalLayoutCode; name: string };
  profile: { id: string; version: number; name: string };
  /** Cells that could not be read (sheet/row/column/field/message); their rows are not scored. */
  errors: ErrorDetail[];
}
