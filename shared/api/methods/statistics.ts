// Wiring only: the statistics feature (dashboard, consolidated tables, annual report) declares its methods here.
export const statisticsMethods = {} as const;
