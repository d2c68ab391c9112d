import { useState } from 'react';
import { notifications } from '@mantine/notifications';
import { ApiError } from '../api/client.ts';
import { notifyError } from './notify.ts';

export interface SaveWithConflictOptions<Doc extends { rev: number }, Form> {
  /** The document as the server has it now (a newer revision arrives through the query). */
  doc: Doc;
  toForm(doc: Doc): Form;
  sameForm(a: Form, b: Form): boolean;
  /** Sends the whole form with the revision it was based on; resolves to the saved document. */
  persist(rev: number, form: Form): Promise<Doc>;
  /** Says "saved" after a save the officer asked for (not the quiet one before a submit). */
  notifySaved(saved: Doc): void;
  /** Refetches every view of the document, so the newest version shows at once after a conflict. */
  refetch(): unknown;
}

/**
 * The edit state of a document saved whole with its revision (a goal sheet, a monitoring sheet),
 * so two officers editing it cannot silently overwrite each other: the form, whether it is dirty or
 * stale, and save / submit-after-save with a revision conflict turned into "reloaded the newest".
 */
export function useSaveWithConflict<Doc extends { rev: number }, Form, Extra extends string = never>(
  { doc, toForm, sameForm, persist, notifySaved, refetch }: SaveWithConflictOptions<Doc, Form>,
) {
  const [form, setForm] = useState<Form>(() => toForm(doc));
  const [base, setBase] = useState<Form>(form);
  const [baseRev, setBaseRev] = useState(doc.rev);
  const [forceReload, setForceReload] = useState(false);
  const [busy, setBusy] = useState<'save' | 'submit' | Extra | null>(null);

  const dirty = !sameForm(form, base);

  const reset = (next: Doc) => {
    const f = toForm(next);
    setForm(f);
    setBase(f);
    setBaseRev(next.rev);
    setForceReload(false);
  };

  // Someone else saved (or a conflict asked for the newest version): take the newer revision,
  // unless that would throw away edits the officer has not saved. Adjusting state while
  // rendering (not in an effect) avoids painting the outdated form first.
  const stale = doc.rev > baseRev && dirty && !forceReload;
  if (doc.rev > baseRev && (!dirty || forceReload)) reset(doc);

  /** Saves; on a revision conflict reloads the newest version and says so. */
  const save = async (quiet = false): Promise<Doc | null> => {
    try {
      const next = await persist(baseRev, form);
      reset(next);
      if (!quiet) notifySaved(next);
      return next;
    } catch (e) {
      if (e instanceof ApiError && e.error.code === 'CONFLICT') {
        // A newer revision, or the document moved on (submitted, locked) meanwhile: show the newest.
        notifications.show({
          color: 'orange',
          title: '未能保存',
          message: `${e.error.message.replace(/[。.]?$/, '。')}已重新加载最新内容，您本次的修改未保存。`,
          autoClose: 10000,
        });
        setForceReload(true);
        void refetch();
      } else {
        notifyError(e);
      }
      return null;
    }
  };

  const runSave = async () => {
    setBusy('save');
    await save();
    setBusy(null);
  };

  /** Saves unsaved edits first (quietly), then runs the submit transition. */
  const runSubmit = async (submit: () => Promise<void>) => {
    setBusy('submit');
    try {
      if (dirty && !(await save(true))) return;
      await submit();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };

  return { form, setForm, base, dirty, stale, reset, busy, setBusy, runSave, runSubmit };
}
