import { Button, Group, SimpleGrid, Skeleton, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { api } from "../../api/client.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ReadOnlyNotice } from "../../components/ReadOnlyNotice.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useCan } from "../../session.tsx";
import { OrganizationLogo } from "./OrganizationLogo.tsx";

export const ORGANIZATION_KEY = ["organization"] as const;

export function OrganizationPage() {
  const can = useCan();
  const qc = useQueryClient();
  const editable = can("organization.update");
  const org = useQuery({
    queryKey: ORGANIZATION_KEY,
    queryFn: () => api.GET("/api/v1/organization"),
  });
  const [name, setName] = useState("");
  useEffect(() => {
    if (org.data) setName(org.data.name);
  }, [org.data]);
  const save = useMutation({
    mutationFn: () => api.PATCH("/api/v1/organization", { body: { name: name.trim() } }),
    onSuccess: (updated) => {
      qc.setQueryData(ORGANIZATION_KEY, updated);
      notifySuccess("The organization name is updated.");
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <>
      <PageHeader title="Organization" description="The name and logo your members, auditors and reports show." />
      <Stack gap="lg" maw={760}>
        {!editable && <ReadOnlyNotice>Only owners and admins can change the organization profile.</ReadOnlyNotice>}
        <ErrorAlert error={org.error} />
        <SectionCard title="Profile">
          {org.isPending ? (
            <Stack>
              <Skeleton h={56} />
              <Skeleton h={36} w={140} />
            </Stack>
          ) : org.data ? (
            <form onSubmit={submit}>
              <Stack gap="md">
                <ErrorAlert error={save.error && !fieldError(save.error, "name") ? save.error : null} />
                <TextInput
                  label="Organization name"
                  required
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  error={fieldError(save.error, "name")}
                  readOnly={!editable}
                  maw={420}
                  maxLength={200}
                />
                {editable && (
                  <Group>
                    <Button
                      type="submit"
                      loading={save.isPending}
                      disabled={!name.trim() || name.trim() === org.data.name}
                    >
                      Save
                    </Button>
                  </Group>
                )}
              </Stack>
            </form>
          ) : null}
        </SectionCard>
        {org.data && <OrganizationLogo logo={org.data.logo} editable={editable} />}
        {org.data && (
          <SectionCard title="Details" description="Identifiers for the CLI and the API.">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  Organization id
                </Text>
                <CopyField value={org.data.id} label="Organization id" />
              </Stack>
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  Short name
                </Text>
                <CopyField value={org.data.slug} label="Short name" />
              </Stack>
              <Stack gap={2}>
                <Text size="sm" fw={500}>
                  Created
                </Text>
                <Text size="sm">{formatDateTime(org.data.createdAt)}</Text>
              </Stack>
              <Stack gap={2}>
                <Text size="sm" fw={500}>
                  Last changed
                </Text>
                <Text size="sm">{formatDateTime(org.data.updatedAt)}</Text>
              </Stack>
            </SimpleGrid>
          </SectionCard>
        )}
      </Stack>
    </>
  );
}
