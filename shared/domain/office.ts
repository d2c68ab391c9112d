export const OFFICE_LEVELS = ['county', 'prefecture', 'province'] as const;
export type OfficeLevel = (typeof OFFICE_LEVELS)[number];

export const UNIT_KINDS = ['administrative', 'institution', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Depth of a unit in the tree: 主管部门 (0) → 一级 (1) → 二级 (2). */
export const UNIT_LEVELS = ['department', 'primary', 'secondary'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];
export const MAX_UNIT_DEPTH = UNIT_LEVELS.length;
