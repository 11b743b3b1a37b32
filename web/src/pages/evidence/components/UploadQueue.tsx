import { ActionIcon, Anchor, Group, Paper, Progress, Stack, Text, TextInput, ThemeIcon, Tooltip } from "@mantine/core";
import { IconAlertCircle, IconCircleCheck, IconFile, IconX } from "@tabler/icons-react";
import { Link } from "react-router";
import { formatBytes } from "../labels.ts";

export interface QueuedFile {
  key: string;
  file: File;
  title: string;
  status: "ready" | "uploading" | "done" | "failed";
  sent: number;
  total: number;
  error?: string;
  evidenceId?: string;
}

function StatusIcon({ f }: { f: QueuedFile }) {
  if (f.status === "done")
    return (
      <ThemeIcon color="teal" variant="light" radius="xl" role="img" aria-label="Uploaded">
        <IconCircleCheck size={18} />
      </ThemeIcon>
    );
  if (f.status === "failed")
    return (
      <ThemeIcon color="red" variant="light" radius="xl" role="img" aria-label="Failed">
        <IconAlertCircle size={18} />
      </ThemeIcon>
    );
  return (
    <ThemeIcon color="gray" variant="light" radius="xl" aria-hidden>
      <IconFile size={18} />
    </ThemeIcon>
  );
}

/** The files about to be uploaded: an editable title each, then per-file progress, result or error. */
export function UploadQueue({
  files,
  onTitle,
  onRemove,
  busy,
}: {
  files: QueuedFile[];
  onTitle: (key: string, title: string) => void;
  onRemove: (key: string) => void;
  busy: boolean;
}) {
  return (
    <Stack gap="xs" aria-label="Files to upload" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
      {files.map((f) => {
        const pct = f.total ? Math.round((f.sent / f.total) * 100) : 0;
        const editable = !busy && (f.status === "ready" || f.status === "failed");
        return (
          <Paper key={f.key} withBorder p="sm" radius="md" component="li" data-testid="upload-row">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <StatusIcon f={f} />
              <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                <TextInput
                  size="sm"
                  aria-label={`Title for ${f.file.name}`}
                  value={f.title}
                  maxLength={300}
                  onChange={(e) => onTitle(f.key, e.currentTarget.value)}
                  disabled={!editable}
                  error={!f.title.trim() && editable ? "Give it a title" : undefined}
                />
                <Text size="xs" c="dimmed" truncate="end" title={f.file.name}>
                  {f.file.name} · {formatBytes(f.file.size)}
                </Text>
                {f.status === "uploading" && (
                  <Group gap="xs" wrap="nowrap">
                    <Progress
                      value={pct}
                      animated={pct >= 100}
                      striped={pct >= 100}
                      style={{ flex: 1 }}
                      aria-label={`Upload progress of ${f.file.name}`}
                      data-testid="upload-progress"
                    />
                    <Text size="xs" c="dimmed" w={110} ta="right">
                      {pct >= 100 ? "Checking…" : `${pct}% of ${formatBytes(f.total || f.file.size)}`}
                    </Text>
                  </Group>
                )}
                {f.status === "done" && (
                  <Text size="xs" c="teal">
                    Uploaded.{" "}
                    {f.evidenceId && (
                      <Anchor component={Link} to={`/evidence/${f.evidenceId}`} size="xs">
                        Open it
                      </Anchor>
                    )}
                  </Text>
                )}
                {f.status === "failed" && (
                  <Text size="xs" c="red" role="alert">
                    {f.error}
                  </Text>
                )}
              </Stack>
              {editable && (
                <Tooltip label="Remove from the upload">
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    onClick={() => onRemove(f.key)}
                    aria-label={`Remove ${f.file.name}`}
                  >
                    <IconX size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
