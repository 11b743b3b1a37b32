import { Button, Paper, Stack, Text } from "@mantine/core";
import { IconCloudUpload } from "@tabler/icons-react";
import { type DragEvent, useRef, useState } from "react";

const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes("Files");

/**
 * Drop files here, or press “Choose files” (keyboard and screen readers): Mantine's dropzone package is not part of
 * the app, and native drag events are all this needs.
 */
export function FileDropZone({
  onFiles,
  disabled,
  compact,
  multiple = true,
}: {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
  /** A smaller zone once files are queued. */
  compact?: boolean;
  multiple?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child the pointer crosses; count them to know when it really left.
  const depth = useRef(0);
  const take = (list: FileList | null) => {
    const files = Array.from(list ?? []);
    if (files.length) onFiles(multiple ? files : files.slice(0, 1));
  };
  return (
    <Paper
      withBorder
      radius="md"
      p={compact ? "sm" : "xl"}
      data-testid="evidence-dropzone"
      data-active={over || undefined}
      style={{
        borderStyle: "dashed",
        borderWidth: 2,
        borderColor: over ? "var(--mantine-primary-color-filled)" : "var(--mantine-color-default-border)",
        background: over ? "var(--mantine-primary-color-light)" : "var(--assay-surface)",
        opacity: disabled ? 0.6 : 1,
        transition: "background 120ms, border-color 120ms",
      }}
      onDragEnter={(e) => {
        if (disabled || !carriesFiles(e)) return;
        e.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (disabled || !carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        if (!disabled) take(e.dataTransfer.files);
      }}
    >
      <Stack align="center" gap={compact ? 4 : 8} ta="center">
        {!compact && <IconCloudUpload size={36} stroke={1.4} color="var(--mantine-color-dimmed)" aria-hidden />}
        <Text fw={500} size={compact ? "sm" : "md"}>
          {over ? "Drop to add" : multiple ? "Drag files here" : "Drag the file here"}
        </Text>
        {!compact && (
          <Text size="sm" c="dimmed" maw={440}>
            Screenshots, exports, reports, signed documents — each file becomes its own piece of evidence. Its type is
            detected from its content; programs and installers are refused.
          </Text>
        )}
        <Button
          variant="default"
          size={compact ? "xs" : "sm"}
          onClick={() => input.current?.click()}
          disabled={disabled}
        >
          {multiple ? "Choose files" : "Choose a file"}
        </Button>
        <input
          ref={input}
          type="file"
          multiple={multiple}
          hidden
          aria-label={multiple ? "Evidence files" : "Evidence file"}
          data-testid="evidence-file-input"
          onChange={(e) => {
            take(e.currentTarget.files);
            e.currentTarget.value = ""; // the same file can be chosen again after removing it
          }}
        />
      </Stack>
    </Paper>
  );
}
