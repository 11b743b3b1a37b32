import { Badge, Code, CopyButton, Group, SimpleGrid, Stack, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import type { Evidence } from "../../../api/models/evidence.ts";
import { SectionCard } from "../../../components/SectionCard.tsx";
import { formatDateTime } from "../../../components/Time.tsx";
import { formatBytes, formatPeriod, SOURCE } from "../labels.ts";
import { KindLabel } from "./Badges.tsx";
import { Field } from "./Field.tsx";

/** The SHA-256, shortened, with a button that copies all of it. */
function Sha256({ value }: { value: string }) {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? "Copied" : "Copy the full SHA-256"}>
          <UnstyledButton
            onClick={copy}
            aria-label={`${value.slice(0, 12)}…${value.slice(-8)}: ${copied ? "SHA-256 copied" : "copy the full SHA-256"}`}
          >
            <Group gap={6} wrap="nowrap">
              <Code data-testid="sha256" title={value}>
                {value.slice(0, 12)}…{value.slice(-8)}
              </Code>
              {copied ? <IconCheck size={14} color="var(--mantine-color-teal-6)" /> : <IconCopy size={14} />}
            </Group>
          </UnstyledButton>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/** Who collected it, when, for which period, and (for files) what exactly was stored. */
export function EvidenceMeta({ e }: { e: Evidence }) {
  return (
    <SectionCard title="Details">
      <SimpleGrid cols={2} spacing="md" verticalSpacing="md">
        <Field label="Kind">
          <KindLabel kind={e.kind} />
        </Field>
        <Field label="Source">
          <Badge variant="outline" color="gray" size="sm" tt="none" w="fit-content">
            {SOURCE[e.source].label}
          </Badge>
        </Field>
        <Field label="Collected by">{e.collectedBy?.name ?? "Assay"}</Field>
        <Field label="Collected">{formatDateTime(e.collectedAt)}</Field>
        <Field label="Period covered">{formatPeriod(e.effectiveFrom, e.effectiveTo) ?? "No period given"}</Field>
        <Field label="Submitted">{formatDateTime(e.createdAt)}</Field>
        {e.file && (
          <>
            <Field label="Size">{formatBytes(e.file.size)}</Field>
            <Field label="Detected type">
              <Text size="sm" className="assay-mono">
                {e.file.mimeType}
              </Text>
            </Field>
            <Field label="File name">
              <Text size="sm" style={{ wordBreak: "break-all" }}>
                {e.file.name}
              </Text>
            </Field>
            <Field label="SHA-256">
              <Sha256 value={e.file.sha256} />
            </Field>
          </>
        )}
      </SimpleGrid>
      {e.description && (
        <Stack gap={2} mt="md">
          <Field label="Description">
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {e.description}
            </Text>
          </Field>
        </Stack>
      )}
    </SectionCard>
  );
}
