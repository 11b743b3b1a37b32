import { Alert, Button, CopyButton, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy, IconDownload } from "@tabler/icons-react";

function download(codes: string[], account: string) {
  const text = [
    "Assay recovery codes",
    `Account: ${account}`,
    `Created: ${new Date().toISOString()}`,
    "",
    "Each code signs you in once if you lose your authenticator app.",
    "",
    ...codes,
    "",
  ].join("\n");
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = "assay-recovery-codes.txt";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Recovery codes, shown exactly once: copy or download them before leaving. */
export function RecoveryCodes({ codes, account }: { codes: string[]; account: string }) {
  return (
    <Stack gap="md">
      <Alert
        color="yellow"
        variant="light"
        icon={<IconAlertTriangle size={18} />}
        title="Save these recovery codes now"
      >
        They are shown only this once. Each code signs you in a single time if you lose your authenticator app. Keep
        them in a password manager or another safe place.
      </Alert>
      <Paper withBorder p="md" bg="var(--assay-surface)">
        <SimpleGrid
          cols={{ base: 1, xs: 2 }}
          spacing="xs"
          verticalSpacing={6}
          aria-label="Recovery codes"
          component="ul"
          style={{ listStyle: "none", margin: 0, padding: 0 }}
        >
          {codes.map((c) => (
            <Text key={c} component="li" className="assay-mono" fw={500} data-testid="recovery-code">
              {c}
            </Text>
          ))}
        </SimpleGrid>
      </Paper>
      <Group gap="sm">
        <CopyButton value={codes.join("\n")}>
          {({ copied, copy }) => (
            <Button
              variant="default"
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
            >
              {copied ? "Copied" : "Copy all"}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => download(codes, account)}>
          Download .txt
        </Button>
      </Group>
    </Stack>
  );
}
