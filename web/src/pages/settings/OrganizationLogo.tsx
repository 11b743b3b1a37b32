import { Alert, Button, FileButton, Group, Image, Paper, Stack, Text } from "@mantine/core";
import { IconPhotoUp, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, apiUrl } from "../../api/client.ts";
import type { ResponseOf } from "../../api/types.ts";
import { sendFile } from "../../api/upload.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { notifySuccess } from "../../lib/notify.ts";

type Logo = NonNullable<ResponseOf<"/api/v1/organization", "get">["logo"]>;
const KEY = ["organization"] as const;
const MAX_BYTES = 512 * 1024;

/** The organization's logo on PDF reports: upload (PNG or JPEG, at most 512 KB), preview, remove. */
export function OrganizationLogo({ logo, editable }: { logo: Logo | null; editable: boolean }) {
  const qc = useQueryClient();
  const upload = useMutation({
    mutationFn: (file: File) =>
      sendFile("/api/v1/organization/logo", {
        data: file,
        type: file.type === "image/jpeg" ? "image/jpeg" : "image/png",
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: KEY });
      notifySuccess("The logo is saved. PDF reports show it from now on.");
    },
  });
  const remove = useMutation({
    mutationFn: () => api.DELETE("/api/v1/organization/logo"),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: KEY });
      notifySuccess("The logo is removed.");
    },
  });
  const [tooBig, setTooBig] = useState<string | null>(null);
  const pick = (f: File | null) => {
    if (!f) return;
    remove.reset();
    upload.reset();
    if (f.size > MAX_BYTES) {
      setTooBig(
        `${f.name} is ${Math.ceil(f.size / 1024)} KB; the limit is 512 KB. Save a smaller version (about 400 pixels wide is plenty) and upload it again.`,
      );
      return;
    }
    setTooBig(null);
    upload.mutate(f);
  };

  return (
    <SectionCard title="Logo" description="Shown beside the organization's name on policy PDFs and other reports.">
      <Stack gap="md">
        <ErrorAlert error={upload.error ?? remove.error} />
        {tooBig && (
          <Alert color="red" title="The file is too large" withCloseButton onClose={() => setTooBig(null)}>
            {tooBig}
          </Alert>
        )}
        {logo ? (
          <Group align="center" gap="lg">
            <Paper withBorder p="sm" radius="md" bg="white">
              <Image
                src={apiUrl("/api/v1/organization/logo", { query: { v: logo.sha256 } })}
                alt="The organization's logo"
                h={56}
                w="auto"
                maw={220}
                fit="contain"
              />
            </Paper>
            <Text size="sm" c="dimmed">
              {logo.contentType === "image/png" ? "PNG" : "JPEG"}, {logo.width} × {logo.height} pixels,{" "}
              {Math.ceil(logo.size / 1024)} KB
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            No logo yet: reports show the organization's name only.
          </Text>
        )}
        {editable && (
          <Group>
            <FileButton onChange={pick} accept="image/png,image/jpeg">
              {(props) => (
                <Button {...props} variant="default" leftSection={<IconPhotoUp size={16} />} loading={upload.isPending}>
                  {logo ? "Replace logo" : "Upload logo"}
                </Button>
              )}
            </FileButton>
            {logo && (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                loading={remove.isPending}
                onClick={() => remove.mutate()}
              >
                Remove logo
              </Button>
            )}
            <Text size="xs" c="dimmed">
              PNG or JPEG, at most 512 KB. A wide logo about 400 pixels across prints well.
            </Text>
          </Group>
        )}
      </Stack>
    </SectionCard>
  );
}
