import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  FileInput,
  Group,
  List,
  Loader,
  Modal,
  ScrollArea,
  Stack,
  Text,
  VisuallyHidden,
} from "@mantine/core";
import { IconAlertCircle, IconFileZip } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "../../../api/errors.ts";
import type { ImportResult } from "../../../api/models/program.ts";
import { sendFile } from "../../../api/upload.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../../lib/notify.ts";
import { useProgram } from "../../../program/context.tsx";
import { countChanges, ImportDiffView, summarize } from "./ImportDiffView.tsx";

/** The server's limit on an upload (uncompressed, so a zip this large is refused for sure). */
const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
const bool = (b: boolean): "true" | "false" => (b ? "true" : "false");

/** One problem of a refused folder: members of the 400 invalid_program_code problem (src/modules/program-code). */
interface CodeProblem {
  file: string;
  line?: number;
  message: string;
}

/** The problems of a refused folder (400 invalid_program_code), if the error is one. */
function problemsOf(err: unknown): CodeProblem[] {
  if (!(err instanceof ApiError) || err.code !== "invalid_program_code") return [];
  const p = err.problem.problems;
  return Array.isArray(p) ? p.filter((x): x is CodeProblem => typeof x?.file === "string") : [];
}

const where = (p: CodeProblem) => (p.line ? `${p.file}:${p.line}` : p.file);
/** The server words some advice for the CLI; say it the way this dialog does. */
const inPlainWords = (message: string) =>
  message.replace(
    /import with --skip-unknown-owners \(skipUnknownOwners=true\)/,
    "tick “Skip owners who are not members” above",
  );

/** A failed preview or import in plain words; a refused folder lists every problem as "file:line — message". */
function ImportError({ error }: { error: unknown }) {
  if (!error) return null;
  const problems = problemsOf(error);
  if (!problems.length) return <ErrorAlert error={error} title="The import did not work" />;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertCircle size={18} />}
      role="alert"
      data-testid="import-problems"
      title={`The folder has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was imported`}
    >
      <Text size="sm" mb={6}>
        Fix these in the files (or in git), zip the folder again and preview once more.
      </Text>
      <List size="sm" spacing={4}>
        {problems.map((p) => (
          <List.Item key={`${where(p)} ${p.message}`}>
            <Text span size="sm" className="assay-mono" fw={600}>
              {where(p)}
            </Text>{" "}
            — {inPlainWords(p.message)}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/**
 * Imports a program folder (a zip exported from Assay, perhaps changed in git) into this program: a dry run shows
 * every change first; "Apply import" then writes it in one step (programs.import).
 */
export function ImportProgramModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const program = useProgram();
  const [file, setFile] = useState<File | null>(null);
  const [skipUnknownOwners, setSkipUnknownOwners] = useState(false);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [tooBig, setTooBig] = useState<string | null>(null);

  const send = (dryRun: boolean) => {
    if (!file) throw new Error("Pick the zip file of the program folder first.");
    const query = { dryRun: bool(dryRun), programId: program.id, skipUnknownOwners: bool(skipUnknownOwners) };
    return sendFile("/api/v1/programs/code/import", { data: file, type: "application/zip" }, { query });
  };
  const previewing = useMutation({ mutationFn: () => send(true), onSuccess: setPreview });
  const applying = useMutation({
    mutationFn: () => send(false),
    onSuccess: (r) => {
      notifySuccess(
        r.applied
          ? `${r.programName} now matches the folder: ${summarize(r.diff)}.`
          : "The program already matched the folder; nothing was changed.",
        r.applied ? "Import applied" : "Nothing to import",
      );
      close();
    },
  });

  /** A new file or option invalidates the preview. */
  const resetResults = () => {
    setPreview(null);
    previewing.reset();
    applying.reset();
  };
  const close = () => {
    setFile(null);
    setSkipUnknownOwners(false);
    setTooBig(null);
    resetResults();
    onClose();
  };
  const pick = (f: File | null) => {
    setFile(f);
    setTooBig(
      f && f.size > IMPORT_MAX_BYTES
        ? `${f.name} is ${mb(f.size)}. A program folder may be at most ${mb(IMPORT_MAX_BYTES)}; is this the right file?`
        : null,
    );
    resetResults();
  };

  const busy = previewing.isPending || applying.isPending;
  const changes = preview ? countChanges(preview.diff) : 0;
  const canApply = !!preview && !preview.diff.unchanged && !busy;
  const error = applying.error ?? previewing.error;

  return (
    <Modal
      opened={opened}
      onClose={close}
      title="Import program as code"
      size="xl"
      closeOnEscape={!applying.isPending}
      closeOnClickOutside={!applying.isPending}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Upload the program folder as a zip — an export from <strong>Export → Program as code</strong>, perhaps changed
          in git. You see every change before anything is written; the import then updates {program.name} in one step.
          See <em>Program as code</em> in the user guide for the folder layout.
        </Text>
        <FileInput
          label="Program folder (.zip)"
          placeholder="Choose a .zip file"
          accept=".zip,application/zip,application/x-zip-compressed"
          leftSection={<IconFileZip size={16} />}
          value={file}
          onChange={pick}
          clearable
          disabled={busy}
          error={tooBig}
          data-autofocus
        />
        <Checkbox
          label="Skip owners who are not members"
          description="Controls and remediation items owned by someone who is not a member of this organization are imported without an owner (and listed as warnings) instead of refusing the folder."
          checked={skipUnknownOwners}
          onChange={(e) => {
            setSkipUnknownOwners(e.currentTarget.checked);
            resetResults();
          }}
          disabled={busy}
        />
        <VisuallyHidden role="status" aria-live="polite">
          {previewing.isPending
            ? "Checking the folder…"
            : applying.isPending
              ? "Importing…"
              : preview
                ? preview.diff.unchanged
                  ? "Preview ready: no changes."
                  : `Preview ready: ${changes} change${changes === 1 ? "" : "s"}.`
                : ""}
        </VisuallyHidden>
        {previewing.isPending && (
          <Group gap="sm" data-testid="import-checking">
            <Loader size="sm" />
            <Text size="sm">Checking the folder and comparing it with the program…</Text>
          </Group>
        )}
        <ImportError error={error} />
        {preview && (
          <Stack gap="xs" component="section" aria-label="Changes to import" data-testid="import-preview">
            <ScrollArea.Autosize
              mah="48vh"
              type="auto"
              offsetScrollbars
              viewportProps={{ tabIndex: 0, "aria-label": "Import details" }}
            >
              <ImportDiffView diff={preview.diff} warnings={preview.warnings} />
            </ScrollArea.Autosize>
          </Stack>
        )}
        <Group justify="space-between" align="center">
          <Text size="xs" c="dimmed">
            {preview && !preview.diff.unchanged ? (
              <>
                Nothing has been changed yet.{" "}
                <Anchor component="button" type="button" size="xs" onClick={() => previewing.mutate()} disabled={busy}>
                  Preview again
                </Anchor>
              </>
            ) : null}
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={close} disabled={applying.isPending}>
              {preview?.diff.unchanged ? "Close" : "Cancel"}
            </Button>
            {!preview ? (
              <Button
                onClick={() => previewing.mutate()}
                loading={previewing.isPending}
                disabled={!file || !!tooBig || applying.isPending}
              >
                Preview changes
              </Button>
            ) : preview.diff.unchanged ? null : (
              <Button onClick={() => applying.mutate()} loading={applying.isPending} disabled={!canApply}>
                Apply import
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
