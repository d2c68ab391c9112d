// Being written: see the renderer tasks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function AuditPage(_props: any): null {
  return null;
}
