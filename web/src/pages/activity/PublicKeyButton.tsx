import { Button, Code, Group, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconDownload, IconKey } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type { PublicKey } from "../../api/models/activity.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { SectionLoader } from "../../components/Loading.tsx";

function downloadPem(key: PublicKey) {
  const url = URL.createObjectURL(new Blob([key.publicKeyPem], { type: "application/x-pem-file" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `assay-ledger-${key.keyId}.pem`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The installation's Ed25519 key that signs ledger checkpoints, for checking exports offline. */
export function PublicKeyButton() {
  const [opened, { open, close }] = useDisclosure(false);
  const key = useQuery({
    queryKey: ["ledger", "public-key"],
    queryFn: () => api.GET("/api/v1/ledger/public-key"),
    enabled: opened,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return (
    <>
      <Button variant="default" leftSection={<IconKey size={16} />} onClick={open}>
        Public key
      </Button>
      <Modal opened={opened} onClose={close} title="Ledger signing key" size="lg">
        <Stack>
          <Text size="sm">
            This installation signs the ledger's chain head with an Ed25519 key. Anyone with this public key can check
            the signatures on checkpoints and exports without trusting the server.
          </Text>
          <ErrorAlert error={key.error} />
          {key.isPending && <SectionLoader />}
          {key.data && (
            <>
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  Key id
                </Text>
                <CopyField value={key.data.keyId} label="Key id" />
              </Stack>
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  Public key ({key.data.algorithm}, PEM)
                </Text>
                <Code block>{key.data.publicKeyPem}</Code>
              </Stack>
              <Group justify="flex-end">
                <Button leftSection={<IconDownload size={16} />} onClick={() => key.data && downloadPem(key.data)}>
                  Download .pem
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </Modal>
    </>
  );
}
