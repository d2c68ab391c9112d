import { method } from '../define.ts';
import type { FileDto, ImportPreview, ImportSummary, UnitDto, UnitImportRow } from '../dto.ts';
import { empty, fileSchema, setActiveSchema, unitCreateSchema, unitMoveSchema, unitUpdateSchema } from '../schemas.ts';
import { z } from 'zod';

/** Master data is kept by the administrator and the performance section. */
const EDITORS = ['admin', 'performance'] as const;
const READERS = ['admin', 'performance', 'business', 'viewer'] as const;

export const unitMethods = {
  'units.tree': method<UnitDto[]>()({ input: empty, access: READERS, write: false }),
  'units.create': method<UnitDto>()({ input: unitCreateSchema, access: EDITORS, write: true }),
  'units.update': method<UnitDto>()({ input: unitUpdateSchema, access: EDITORS, write: true }),
  'units.move': method<UnitDto>()({ input: unitMoveSchema, access: EDITORS, write: true }),
  'units.setActive': method<UnitDto>()({ input: setActiveSchema, access: EDITORS, write: true }),
  'units.template': method<FileDto>()({ input: empty, access: READERS, write: false }),
  'units.importPreview': method<ImportPreview<UnitImportRow>>()({ input: z.object({ file: fileSchema }), access: EDITORS, write: false }),
  'units.importCommit': method<ImportSummary>()({ input: z.object({ file: fileSchema }), access: EDITORS, write: true }),
  'units.export': method<FileDto>()({ input: empty, access: READERS, write: false }),
} as const;
