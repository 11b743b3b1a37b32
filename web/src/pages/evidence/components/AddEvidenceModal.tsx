import { Alert, Button, type ButtonProps, Group, Modal, Stack, Tabs, Text, Textarea, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconFileUpload, IconLink, IconPlus, IconWriting } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { api } from "../../../api/client.ts";
import { errorMessage } from "../../../api/errors.ts";
import { appendFields, postForm, type UploadHandle } from "../../../api/upload.ts";
import { ErrorAlert, fieldError } from "../../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../../lib/notify.ts";
import { invalidateAfterWrite } from "../../../lib/write-effects.ts";
import { useCurrentProgramId } from "../../../program/context.tsx";
import { formatBytes, titleFromFileName } from "../labels.ts";
import { useEvidenceCan } from "../permissions.ts";
import { FileDropZone } from "./FileDropZone.tsx";
import { SubmissionFields, type SubmissionMeta } from "./SubmissionFields.tsx";
import { type QueuedFile, UploadQueue } from "./UploadQueue.tsx";

type Tab = "files" | "link" | "statement";
const MAX_QUEUE = 20;
/** Files upload a few at a time: quick for many small files, without starving one big one. */
const PARALLEL = 3;

let nextKey = 0;

/** The JSON body's shared fields (programId only when there is one: the API wants a UUID or nothing). */
const metaBody = (m: SubmissionMeta) => ({
  description: m.description.trim(),
  effectiveFrom: m.effectiveFrom,
  effectiveTo: m.effectiveTo,
  controls: m.controls,
  ...(m.programId && m.controls.length ? { programId: m.programId } : {}),
});

function AddEvidenceForm({
  programId,
  controls,
  onClose,
  onBusy,
  onUploaded,
}: {
  programId?: string;
  controls?: string[];
  onClose: () => void;
  onBusy: (busy: boolean) => void;
  /** Some files were stored: the pages behind refresh when the dialog closes. */
  onUploaded: () => void;
}) {
  const current = useCurrentProgramId();
  const [tab, setTab] = useState<Tab>("files");
  const [meta, setMeta] = useState<SubmissionMeta>({
    description: "",
    effectiveFrom: null,
    effectiveTo: null,
    programId: programId ?? current.programId ?? null,
    controls: controls ?? [],
  });
  const [files, setFiles] = useState<QueuedFile[]>([]);
  const [busy, setBusy] = useState(false);
  /** A batch ended with failures: the dialog stays open and says what did and did not arrive. */
  const [partly, setPartly] = useState(false);
  const [url, setUrl] = useState("");
  const [linkTitle, setLinkTitle] = useState("");
  const [statementTitle, setStatementTitle] = useState("");
  const [statement, setStatement] = useState("");
  const handles = useRef(new Set<UploadHandle<unknown>>());

  // The program list may arrive after the form opened.
  useEffect(() => {
    if (!meta.programId && current.programId) setMeta((m) => ({ ...m, programId: current.programId! }));
  }, [current.programId, meta.programId]);
  // Leaving the form cancels uploads still running (nothing half-stored: the server discards cut-off uploads).
  useEffect(() => {
    const running = handles.current;
    return () => {
      for (const h of running) h.abort();
    };
  }, []);
  useEffect(() => onBusy(busy), [busy, onBusy]);

  const patch = (key: string, changes: Partial<QueuedFile>) =>
    setFiles((all) => all.map((f) => (f.key === key ? { ...f, ...changes } : f)));
  const addFiles = (list: File[]) =>
    setFiles((all) =>
      [
        ...all,
        ...list.map<QueuedFile>((file) => ({
          key: `f${nextKey++}`,
          file,
          title: titleFromFileName(file.name),
          status: "ready",
          sent: 0,
          total: file.size,
        })),
      ].slice(0, MAX_QUEUE),
    );

  const done = (message: string) => {
    notifySuccess(message);
    onClose();
  };

  async function uploadOne(f: QueuedFile): Promise<boolean> {
    const form = new FormData();
    appendFields(form, {
      title: f.title.trim(),
      description: meta.description.trim(),
      effectiveFrom: meta.effectiveFrom,
      effectiveTo: meta.effectiveTo,
      programId: meta.controls.length ? meta.programId : null,
      controls: meta.controls,
    });
    form.append("file", f.file, f.file.name);
    patch(f.key, { status: "uploading", sent: 0, error: undefined });
    const h = postForm("/api/v1/evidence", form, (sent, total) => patch(f.key, { sent, total }));
    handles.current.add(h);
    try {
      const res = await h.done;
      patch(f.key, { status: "done", evidenceId: res.items[0]?.id });
      return true;
    } catch (err) {
      patch(f.key, { status: "failed", error: errorMessage(err) });
      return false;
    } finally {
      handles.current.delete(h);
    }
  }

  async function uploadFiles() {
    const todo = files.filter((f) => f.status === "ready" || f.status === "failed");
    if (!todo.length || todo.some((f) => !f.title.trim())) return;
    setBusy(true);
    const results: boolean[] = [];
    const queue = [...todo];
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
        for (let f = queue.shift(); f; f = queue.shift()) results.push(await uploadOne(f));
      }),
    );
    setBusy(false);
    const ok = results.filter(Boolean).length;
    // Nothing refreshes while the dialog is open: a library leaving its empty state would unmount the button
    // that opened it, and the failures below would vanish with it.
    if (ok) onUploaded();
    if (ok < results.length) return setPartly(true);
    const all = ok + files.filter((f) => f.status === "done").length; // with earlier batches of this dialog
    done(`${countOf(all)} added to the evidence library.`);
  }

  const addLink = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/evidence/links", {
        body: { url: url.trim(), ...(linkTitle.trim() ? { title: linkTitle.trim() } : {}), ...metaBody(meta) },
      }),
    onSuccess: (e) => done(`“${e.title}” added to the evidence library.`),
  });
  const addStatement = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/evidence/statements", {
        body: { title: statementTitle.trim(), statement: statement.trim(), ...metaBody(meta) },
      }),
    onSuccess: (e) => done(`“${e.title}” added to the evidence library.`),
  });
  const jsonError = tab === "link" ? addLink.error : tab === "statement" ? addStatement.error : null;
  const pending = busy || addLink.isPending || addStatement.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (tab === "files" && finished) onClose();
    else if (tab === "files") void uploadFiles();
    else if (tab === "link") addLink.mutate();
    else addStatement.mutate();
  };

  const todo = files.filter((f) => f.status === "ready" || f.status === "failed");
  const failed = files.filter((f) => f.status === "failed").length;
  const uploaded = files.filter((f) => f.status === "done").length;
  /** Everything left in the list arrived (failed files were removed): the dialog only needs closing. */
  const finished = !busy && files.length > 0 && todo.length === 0;
  const totalBytes = files.reduce((n, f) => n + f.file.size, 0);
  const submitLabel =
    tab === "link"
      ? "Add link"
      : tab === "statement"
        ? "Add statement"
        : busy
          ? "Uploading…"
          : finished
            ? "Done"
            : failed && failed === todo.length
              ? `Retry ${failed} failed ${failed === 1 ? "file" : "files"}`
              : `Upload ${todo.length || ""} ${todo.length === 1 ? "file" : "files"}`.replace("  ", " ");
  const canSubmit =
    tab === "files"
      ? finished || (todo.length > 0 && todo.every((f) => f.title.trim()))
      : tab === "link"
        ? url.trim().length > 0
        : statementTitle.trim().length > 0 && statement.trim().length > 0;
  const fieldErrors = {
    description: fieldError(jsonError, "description"),
    period: fieldError(jsonError, "effectiveFrom") ?? fieldError(jsonError, "effectiveTo"),
    controls: fieldError(jsonError, "controls"),
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Tabs value={tab} onChange={(v) => v && !pending && setTab(v as Tab)} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="files" leftSection={<IconFileUpload size={16} />}>
              Files
            </Tabs.Tab>
            <Tabs.Tab value="link" leftSection={<IconLink size={16} />}>
              Link
            </Tabs.Tab>
            <Tabs.Tab value="statement" leftSection={<IconWriting size={16} />}>
              Statement
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="files" pt="md">
            <Stack gap="sm">
              <FileDropZone
                onFiles={addFiles}
                disabled={busy || files.length >= MAX_QUEUE}
                compact={files.length > 0}
              />
              {partly && failed > 0 && !busy && (
                <Alert color="red" variant="light" title={uploadSummary(uploaded, failed)} role="status">
                  Each failed file says why below. Fix what it says (the period, the file itself) and retry, or remove
                  the file. Files marked uploaded are in the library already.
                </Alert>
              )}
              {files.length > 0 && (
                <UploadQueue
                  files={files}
                  busy={busy}
                  onTitle={(key, title) => patch(key, { title })}
                  onRemove={(key) => setFiles((all) => all.filter((f) => f.key !== key))}
                />
              )}
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="link" pt="md">
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                A ticket, a dashboard or a document kept in another system. Assay records the address, not the page:
                make sure the auditor will be able to open it.
              </Text>
              <TextInput
                label="Address"
                required
                type="url"
                placeholder="https://"
                value={url}
                onChange={(e) => setUrl(e.currentTarget.value)}
                error={fieldError(addLink.error, "url")}
                data-autofocus
              />
              <TextInput
                label="Title"
                description="Leave empty to use the address."
                placeholder="e.g. JIRA CHG-142: March release approval"
                maxLength={300}
                value={linkTitle}
                onChange={(e) => setLinkTitle(e.currentTarget.value)}
                error={fieldError(addLink.error, "title")}
              />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="statement" pt="md">
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                A written attestation for something with no file to show, e.g. “No production changes were made in
                March”. It is recorded with your name and today's date.
              </Text>
              <TextInput
                label="Title"
                required
                maxLength={300}
                placeholder="e.g. No production changes in March"
                value={statementTitle}
                onChange={(e) => setStatementTitle(e.currentTarget.value)}
                error={fieldError(addStatement.error, "title")}
              />
              <Textarea
                label="Statement"
                required
                autosize
                minRows={4}
                maxRows={12}
                maxLength={20000}
                value={statement}
                onChange={(e) => setStatement(e.currentTarget.value)}
                error={fieldError(addStatement.error, "statement")}
              />
            </Stack>
          </Tabs.Panel>
        </Tabs>
        <SubmissionFields
          value={meta}
          onChange={(c) => setMeta((m) => ({ ...m, ...c }))}
          programs={current.programs}
          disabled={pending}
          errors={fieldErrors}
        />
        <ErrorAlert
          error={
            jsonError && !Object.values(fieldErrors).some(Boolean) && !fieldError(jsonError, "url") ? jsonError : null
          }
        />
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {tab === "files" && files.length > 0
              ? `${files.length} ${files.length === 1 ? "file" : "files"}, ${formatBytes(totalBytes)}`
              : ""}
          </Text>
          <Group gap="sm">
            {/* Closing while files upload cancels the ones still running; finished ones stay. */}
            <Button variant="default" onClick={onClose}>
              {busy ? "Cancel uploads" : "Cancel"}
            </Button>
            <Button type="submit" loading={pending && tab !== "files"} disabled={!canSubmit || pending}>
              {submitLabel}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

const countOf = (n: number) => (n === 1 ? "1 file" : `${n} files`);
const uploadSummary = (uploaded: number, failed: number) =>
  `${uploaded ? `${countOf(uploaded)} uploaded, ` : ""}${countOf(failed)} not uploaded`;

/** Add evidence: files (drag and drop, several at once, with progress), a link or a written statement. */
export function AddEvidenceModal({
  opened,
  onClose,
  programId,
  controls,
}: {
  opened: boolean;
  onClose: () => void;
  /** Preselect the program and controls (from a control's page). */
  programId?: string;
  controls?: string[];
}) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const stored = useRef(false);
  const onUploaded = useCallback(() => {
    stored.current = true;
  }, []);
  /** The library and program pages refresh once, when the dialog closes (or leaves: “Open it”), if files were stored. */
  const refresh = useCallback(() => {
    if (!stored.current) return;
    stored.current = false;
    void invalidateAfterWrite(qc, "/api/v1/evidence");
  }, [qc]);
  useEffect(() => refresh, [refresh]);
  const close = () => {
    onClose();
    refresh();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title="Add evidence"
      size="xl"
      closeOnEscape={!busy}
      closeOnClickOutside={!busy}
      withCloseButton={!busy}
    >
      {opened && (
        <AddEvidenceForm
          programId={programId}
          controls={controls}
          onClose={close}
          onBusy={setBusy}
          onUploaded={onUploaded}
        />
      )}
    </Modal>
  );
}

/** An “Add evidence” button with its modal, shown only to roles that may submit evidence. */
export function AddEvidenceButton({
  programId,
  controls,
  label = "Add evidence",
  ...button
}: Omit<ButtonProps, "onClick"> & { programId?: string; controls?: string[]; label?: string }) {
  const { can } = useEvidenceCan();
  const [opened, { open, close }] = useDisclosure(false);
  if (!can("evidence.upload")) return null;
  return (
    <>
      <Button leftSection={<IconPlus size={16} />} onClick={open} {...button}>
        {label}
      </Button>
      <AddEvidenceModal opened={opened} onClose={close} programId={programId} controls={controls} />
    </>
  );
}
