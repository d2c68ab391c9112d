// Being written: see the renderer tasks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function BackupsPage(_props: any): null {
  return null;
}
