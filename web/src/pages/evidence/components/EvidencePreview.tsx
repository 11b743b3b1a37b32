import { Alert, Anchor, Box, Group, ScrollArea, Skeleton, Text } from "@mantine/core";
import { IconExternalLink, IconEyeOff } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { Evidence } from "../../../api/models/evidence.ts";
import { SectionCard } from "../../../components/SectionCard.tsx";
import { contentUrl } from "../queries.ts";

const TEXT_TYPES = new Set(["text/plain", "text/csv", "application/json"]);
/** Enough text to read in place; the rest is in the download. */
const TEXT_LIMIT = 256 * 1024;

async function readTextHead(url: string): Promise<{ text: string; cut: boolean }> {
  const res = await fetch(url, { credentials: "same-origin" });
  if (!res.ok || !res.body) throw new Error("The file could not be read for the preview. Download it instead.");
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= TEXT_LIMIT) {
      cut = true;
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { text: new TextDecoder().decode(bytes.subarray(0, TEXT_LIMIT)), cut };
}

function TextPreview({ e }: { e: Evidence }) {
  const text = useQuery({
    queryKey: ["evidence", "text", e.id],
    queryFn: () => readTextHead(contentUrl(e.id, true)),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (text.isPending) return <Skeleton h={200} />;
  if (text.isError)
    return (
      <Alert color="red" variant="light">
        {text.error.message}
      </Alert>
    );
  return (
    <>
      <ScrollArea.Autosize mah={520} type="auto" viewportProps={{ tabIndex: 0, "aria-label": "File content" }}>
        <Box component="pre" className="assay-diff" p="sm" bg="var(--assay-surface)" data-testid="text-preview">
          {text.data.text}
        </Box>
      </ScrollArea.Autosize>
      {text.data.cut && (
        <Text size="xs" c="dimmed" mt="xs">
          Showing the first 256 KB. Download the file to read the rest.
        </Text>
      )}
    </>
  );
}

/** The file shown in place when the server marks its type safe to preview; otherwise why not, and a download. */
function FilePreview({ e }: { e: Evidence & { file: NonNullable<Evidence["file"]> } }) {
  const { mimeType, previewable } = e.file;
  const src = contentUrl(e.id, true);
  if (!previewable)
    return (
      <Group gap="sm" align="flex-start" wrap="nowrap" p="md" bg="var(--assay-surface)" style={{ borderRadius: 8 }}>
        <IconEyeOff size={20} stroke={1.6} color="var(--mantine-color-dimmed)" aria-hidden />
        <Text size="sm" c="dimmed">
          {/^(text\/html|image\/svg\+xml|application\/xml)$/.test(mimeType)
            ? `This file is ${mimeType}, which can carry scripts, so it is never shown in the browser. Download it to open it.`
            : `There is no preview for ${mimeType} files. Download it to open it.`}
        </Text>
      </Group>
    );
  if (mimeType.startsWith("image/"))
    return (
      <Box ta="center" p="sm" bg="var(--assay-surface)" style={{ borderRadius: 8 }}>
        <img
          src={src}
          alt={`Preview of ${e.title}`}
          data-testid="image-preview"
          style={{ maxWidth: "100%", maxHeight: 560, objectFit: "contain", display: "inline-block" }}
        />
      </Box>
    );
  if (mimeType === "application/pdf")
    return (
      <iframe
        src={src}
        title={`Preview of ${e.title}`}
        data-testid="pdf-preview"
        style={{ width: "100%", height: 640, border: "1px solid var(--mantine-color-default-border)", borderRadius: 8 }}
      />
    );
  if (TEXT_TYPES.has(mimeType)) return <TextPreview e={e} />;
  return null;
}

/** The evidence itself: the file's preview, the link, or the statement's text. */
export function EvidencePreview({ e }: { e: Evidence }) {
  if (e.file)
    return (
      <SectionCard title="Preview">
        <FilePreview e={{ ...e, file: e.file }} />
      </SectionCard>
    );
  if (e.url)
    return (
      <SectionCard title="Link" description="Assay keeps the address; the page itself lives in the other system.">
        <Anchor href={e.url} target="_blank" rel="noopener noreferrer" style={{ wordBreak: "break-all" }}>
          <Group gap={6} wrap="nowrap" component="span">
            {e.url}
            <IconExternalLink size={14} />
          </Group>
        </Anchor>
      </SectionCard>
    );
  return (
    <SectionCard title="Statement">
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="statement-text">
        {e.statement}
      </Text>
    </SectionCard>
  );
}
